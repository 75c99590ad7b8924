package dev.outpost.ui.install;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SiteNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"store-0042", "gw1", "a", "site.north.store-7", "0042", "x-y"})
    void validNamesPass(String name) {
        assertThat(SiteName.problem(name)).isNull();
    }

    @Test
    void sixtyThreeCharactersPass() {
        assertThat(SiteName.problem("a".repeat(SiteName.MAX_LENGTH))).isNull();
    }

    @Test
    void sixtyFourCharactersRejected() {
        assertThat(SiteName.problem("a".repeat(64)))
                .isEqualTo("The site name has 64 characters. Shorten it to at most 63.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void emptyNameAsksForOne(String name) {
        assertThat(SiteName.problem(name)).isEqualTo(SiteName.MISSING);
    }

    @Test
    void nullNameAsksForOne() {
        assertThat(SiteName.problem(null)).isEqualTo(SiteName.MISSING);
    }

    @Test
    void upperCaseSuggestsLowerCase() {
        assertThat(SiteName.problem("Store-0042")).isEqualTo("Use lower-case letters only, for example store-0042.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "store_42|'_'",
        "store 42|spaces",
        "store/42|'/'",
        "café|'é'",
        "İstanbul|'İ'"})
    void otherCharactersNamed(String name, String characterWords) {
        assertThat(SiteName.problem(name)).isEqualTo("The site name cannot contain " + characterWords
                + ". Use only lower-case letters, digits, '-' and '.'.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-store", "store-", ".store", "store.", "store..north", "store.-north", "store-.north"})
    void separatorsAtEdgesRejected(String name) {
        assertThat(SiteName.problem(name)).isEqualTo(SiteName.BAD_EDGE);
    }

    @Test
    void surroundingSpacesIgnored() {
        assertThat(SiteName.problem("  store-0042 ")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "store-0042|store-0042",
        "Store-GW-01|store-gw-01",
        "raspberrypi|raspberrypi",
        "Store_42 North|store-42-north",
        "-gw-|gw",
        "gw.local|gw.local"})
    void suggestionMadeFromHostname(String hostname, String expected) {
        assertThat(SiteName.suggestion(hostname)).isEqualTo(expected);
    }

    @Test
    void longHostnameCutToLimit() {
        String suggestion = SiteName.suggestion("a".repeat(62) + "-b" + "c".repeat(10));

        assertThat(suggestion).isEqualTo("a".repeat(62));
        assertThat(SiteName.problem(suggestion)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "___", "..."})
    void unusableHostnameSuggestsNothing(String hostname) {
        assertThat(SiteName.suggestion(hostname)).isEmpty();
    }

    @Test
    void missingHostnameSuggestsNothing() {
        assertThat(SiteName.suggestion(null)).isEmpty();
    }
}
