package io.hireflow.api.dictionary;

/** One broken rule: which field, which rule, and a message a person can act on. */
public record Violation(String field, Rule rule, String message) {
}
