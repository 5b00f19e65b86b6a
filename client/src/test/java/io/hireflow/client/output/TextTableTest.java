package io.hireflow.client.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void alignsTextLeftAndNumbersRight() {
        String text = new TextTable("table", "rows").row("departments", 12).row("employees", 2000).render();

        assertEquals(String.join(System.lineSeparator(), "table        rows", "-----------  ----",
                "departments    12", "employees    2000", ""), text);
    }
}
