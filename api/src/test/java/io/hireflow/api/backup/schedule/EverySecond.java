package io.hireflow.api.backup.schedule;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The API with a backup schedule that fires every second (tests pause it unless they watch it fire). */
public class EverySecond implements QuarkusTestProfile {

    public static final String CRON = "* * * * * ?";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("hireflow.backup.schedule.cron", CRON);
    }
}
