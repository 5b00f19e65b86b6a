package io.hireflow.api.failure;

/** What was sent or named is well formed but cannot be used as it is (a backup that fails its checks, a key reused). */
public class UnusableContentException extends DomainException {

    public UnusableContentException(String slug, String title, String message) {
        super(slug, title, message);
    }
}
