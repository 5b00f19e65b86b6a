package io.hireflow.api.dictionary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ColumnRulesTest {

    private final Column hiringDate = Table.EMPLOYEES.column("hiring_date").orElseThrow();
    private final Column employeeId = Table.EMPLOYEES.idColumn();
    private final Column name = Table.EMPLOYEES.column("employee_name").orElseThrow();

    @Test
    void acceptsAStrictUtcInstant() {
        List<Violation> violations = new ArrayList<>();
        assertEquals(Instant.parse("2021-07-27T16:02:08Z"), hiringDate.parse("2021-07-27T16:02:08Z", violations));
        assertTrue(violations.isEmpty());
        assertEquals("2021-07-27T16:02:08Z", Column.format(Instant.parse("2021-07-27T16:02:08Z")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2027-08-29T00:0:1Z", "2021-02-30T10:00:00Z", "2021-07-27T24:00:00Z",
        "2021-07-27T16:02:08+00:00", "2021-07-27 16:02:08Z", "2021-07-27T16:02:08.5Z", "2021-07-27T16:02:08",
        "21-07-27T16:02:08Z", "2021-7-27T16:02:08Z", "２０２１-07-27T16:02:08Z", "yesterday"})
    void rejectsAnythingElseAsIsoInstant(String raw) {
        List<Violation> violations = new ArrayList<>();
        assertNull(hiringDate.parse(raw, violations));
        assertEquals(List.of(Rule.ISO_INSTANT), violations.stream().map(Violation::rule).toList());
        assertTrue(violations.get(0).message().contains(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3"})
    void idsMustBePositive(String raw) {
        List<Violation> violations = new ArrayList<>();
        employeeId.parse(raw, violations);
        assertEquals(Rule.POSITIVE, violations.get(0).rule());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "1.5", "12a", " 7"})
    void idsMustBe32BitWholeNumbers(String raw) {
        List<Violation> violations = new ArrayList<>();
        employeeId.parse(raw, violations);
        assertEquals(Rule.INTEGER, violations.get(0).rule());
    }

    @Test
    void textIsMandatoryNotBlankAndBoundedInCharactersNotBytes() {
        List<Violation> violations = new ArrayList<>();
        name.parse("", violations);
        name.parse("  \t", violations);
        name.parse("é".repeat(201), violations);
        assertEquals(List.of(Rule.REQUIRED, Rule.NOT_BLANK, Rule.MAX_LENGTH),
                violations.stream().map(Violation::rule).toList());
        List<Violation> none = new ArrayList<>();
        assertEquals("😀".repeat(200), name.parse("😀".repeat(200), none), "200 code points fit");
        assertTrue(none.isEmpty());
    }

    @Test
    void aRowReportsEveryRuleItBreaksNotOnlyTheFirst() {
        CheckedRow row = RowValidator.rowRulesOnly(Table.EMPLOYEES).csv(List.of("-1", "", "2021-13-01T00:00:00Z", "x", "9"));
        assertEquals(List.of(Rule.POSITIVE, Rule.REQUIRED, Rule.ISO_INSTANT, Rule.INTEGER),
                row.violations().stream().map(Violation::rule).toList());
        assertEquals("x", row.raw().get("department_id").asText());
    }

    @Test
    void relationsCatchRepeatsAndUnknownParents() {
        RelationCheck check = new RelationCheck(Table.EMPLOYEES, id -> id == 1,
                java.util.Map.of(Table.DEPARTMENTS, id -> id == 5, Table.JOBS, id -> true));
        RowValidator validator = new RowValidator(Table.EMPLOYEES, check);
        assertEquals(List.of(Rule.UNIQUE), rules(validator.csv(List.of("1", "A", "2021-01-01T00:00:00Z", "5", "1"))));
        assertTrue(validator.csv(List.of("2", "B", "2021-01-01T00:00:00Z", "5", "1")).valid());
        assertEquals(List.of(Rule.UNIQUE, Rule.EXISTS),
                rules(validator.csv(List.of("2", "C", "2021-01-01T00:00:00Z", "6", "1"))));
    }

    @Test
    void withinRowsOnlyRepeatsCountAndEveryParentExists() {
        RowValidator validator = new RowValidator(Table.EMPLOYEES, RelationCheck.withinRows(Table.EMPLOYEES));
        assertTrue(validator.csv(List.of("1", "A", "2021-01-01T00:00:00Z", "999", "888")).valid());
        assertEquals(List.of(Rule.UNIQUE), rules(validator.csv(List.of("1", "B", "2021-01-01T00:00:00Z", "5", "1"))));
        assertTrue(validator.accepted().contains(1));
    }

    @Test
    void aBatchJudgedInTwoStepsBreaksWhatOneStepWouldFind() {
        List<String> fields = List.of("1", " ", "2021-01-01T00:00:00Z", "6", "1");
        CheckedRow alone = RowValidator.rowRulesOnly(Table.EMPLOYEES).csv(fields);
        assertEquals(List.of(Rule.NOT_BLANK), rules(alone), "no relation rule without relations");
        RelationCheck check = new RelationCheck(Table.EMPLOYEES, id -> id == 1,
                java.util.Map.of(Table.DEPARTMENTS, id -> id == 5, Table.JOBS, id -> true));
        List<Rule> twoSteps = rules(new RowValidator(Table.EMPLOYEES, check).relations(alone));
        RelationCheck again = new RelationCheck(Table.EMPLOYEES, id -> id == 1,
                java.util.Map.of(Table.DEPARTMENTS, id -> id == 5, Table.JOBS, id -> true));
        assertEquals(List.of(Rule.NOT_BLANK, Rule.UNIQUE, Rule.EXISTS), twoSteps);
        assertEquals(twoSteps, rules(new RowValidator(Table.EMPLOYEES, again).csv(fields)));
    }

    private static List<Rule> rules(CheckedRow row) {
        return row.violations().stream().map(Violation::rule).toList();
    }
}
