package dev.outpost.engine.enrollment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SiteListTest {

    private static final String HEADER = "site,name,labels,pod_cidr,service_cidr\n";

    @TempDir
    Path dir;

    private Path csv(String rows) throws Exception {
        return Files.writeString(dir.resolve("sites.csv"), HEADER + rows);
    }

    @Test
    void readsQuotedNamesAndLabels() throws Exception {
        List<SiteList.Row> rows = SiteList.read(csv("""
                store-0042,"Store 42, Leeds",region=north;store=42,10.50.0.0/16,10.51.0.0/16
                store-0043,,,10.52.0.0/16,10.53.0.0/16
                """));

        assertThat(rows).hasSize(2);
        SiteRequest first = rows.get(0).request();
        assertThat(first.displayName()).isEqualTo("Store 42, Leeds");
        assertThat(first.labels()).isEqualTo(Map.of("region", "north", "store", "42"));
        assertThat(rows.get(0).line()).isEqualTo(2);
        assertThat(rows.get(1).request().displayName()).isEqualTo("store-0043");
        assertThat(rows.get(1).request().labels()).isEmpty();
    }

    @Test
    void spreadsheetByteOrderMarkIsSkipped() throws Exception {
        Path file = Files.writeString(dir.resolve("excel.csv"), "\uFEFF" + HEADER.replace("\n", "\r\n")
                + "store-0042,Store 42,,10.50.0.0/16,10.51.0.0/16\r\n");

        List<SiteList.Row> rows = SiteList.read(file);

        assertThat(rows).extracting(row -> row.request().siteId()).containsExactly("store-0042");
    }

    @Test
    void overlappingRowsAreNamed() throws Exception {
        List<SiteList.Row> rows = SiteList.read(csv("""
                store-0042,,,10.50.0.0/16,10.51.0.0/16
                store-0043,,,10.50.128.0/17,10.53.0.0/16
                """));

        List<String> conflicts = SiteList.rangeConflicts(rows, "10.42.0.0/16", "10.43.0.0/16");

        assertThat(conflicts).singleElement().asString()
                .contains("line 3 (store-0043)")
                .contains("line 2 (store-0042)");
    }

    @Test
    void rowOverlappingCentralIsNamed() throws Exception {
        List<SiteList.Row> rows = SiteList.read(csv("store-0042,,,10.42.0.0/16,10.51.0.0/16\n"));

        List<String> conflicts = SiteList.rangeConflicts(rows, "10.42.0.0/16", "10.43.0.0/16");

        assertThat(conflicts).singleElement().asString()
                .contains("pod range of line 2 (store-0042)")
                .contains("the central cluster's pod range");
    }

    @Test
    void distinctRangesHaveNoConflicts() throws Exception {
        List<SiteList.Row> rows = SiteList.read(csv("""
                store-0042,,,10.50.0.0/16,10.51.0.0/16
                store-0043,,,10.52.0.0/16,10.53.0.0/16
                """));

        assertThat(SiteList.rangeConflicts(rows, "10.42.0.0/16", "10.43.0.0/16")).isEmpty();
    }

    @Test
    void wrongHeaderIsRejected() throws Exception {
        Path file = Files.writeString(dir.resolve("sites.csv"), "id,name\nstore-1,x\n");

        assertThatThrownBy(() -> SiteList.read(file))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("must start with the header line site,name,labels,pod_cidr,service_cidr");
    }

    @Test
    void repeatedSiteIsRejected() throws Exception {
        Path file = csv("""
                store-0042,,,10.50.0.0/16,10.51.0.0/16
                store-0042,,,10.52.0.0/16,10.53.0.0/16
                """);

        assertThatThrownBy(() -> SiteList.read(file))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("Line 3")
                .hasMessageContaining("repeats site store-0042 from line 2");
    }

    @Test
    void shortRowIsRejected() throws Exception {
        Path file = csv("store-0042,Store 42, Leeds,,10.50.0.0/16,10.51.0.0/16\n");

        assertThatThrownBy(() -> SiteList.read(file))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("has 6 fields instead of 5");
    }
}
