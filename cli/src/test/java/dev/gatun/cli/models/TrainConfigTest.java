package dev.gatun.cli.models;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The command line's settings refuse a schedule it cannot parse when they are built, not mid-run. */
class TrainConfigTest {

    @Test
    void anUnknownScheduleIsRefusedWhenTheConfigIsBuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.builder().lrSchedule("exp").build());
        assertTrue(e.getMessage().contains("step:N[:GAMMA]"), e.getMessage());
    }
}
