package dev.outpost.ui.install;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TransferTextTest {

    @Test
    void transferShowsSizesRateAndTime() {
        assertThat(TransferText.of(412_000_000, 1_204_000_000, 38_000_000, Duration.ofSeconds(20)))
                .isEqualTo("412 MB of 1.2 GB · 38 MB/s · about 20 s left");
    }

    @Test
    void unknownTotalShowsBytesSent() {
        assertThat(TransferText.of(5_300_000, -1, 0, null)).isEqualTo("5.3 MB sent");
    }

    @Test
    void unknownRateAndTimeLeftOut() {
        assertThat(TransferText.of(0, 71_237_632, 0, null)).isEqualTo("0 bytes of 71 MB");
    }

    @Test
    void finishedTransferHasNoTimeLeft() {
        assertThat(TransferText.of(37_929, 37_929, 2_100_000, Duration.ZERO)).isEqualTo("38 kB of 38 kB · 2.1 MB/s");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0 bytes",
        "1|1 byte",
        "999|999 bytes",
        "1000|1.0 kB",
        "9949|9.9 kB",
        "9950|10 kB",
        "412000000|412 MB",
        "999499999|999 MB",
        "999500000|1.0 GB",
        "1204000000|1.2 GB",
        "12040000000000|12 TB"})
    void sizeUsesDecimalUnits(long bytes, String expected) {
        assertThat(TransferText.size(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|about 1 s left",
        "20|about 20 s left",
        "59|about 59 s left",
        "60|about 1 min left",
        "250|about 4 min left",
        "3569|about 59 min left",
        "3599|about 1 h left",
        "3900|about 1 h 5 min left",
        "7170|about 2 h left"})
    void timeLeftRounded(long seconds, String expected) {
        assertThat(TransferText.timeLeft(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }
}
