package dev.outpost.engine.enrollment;

import dev.outpost.engine.install.Cidr;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The CSV of sites for a batch of enrollments: a header {@code site,name,labels,pod_cidr,service_cidr}, then one
 * row per site, with labels written {@code k=v;k=v}. Fields follow RFC 4180, so a name with a comma is quoted.
 */
public final class SiteList {

    /** The columns, in the order the header must list them. */
    public static final List<String> HEADER = List.of("site", "name", "labels", "pod_cidr", "service_cidr");

    /** At most this many conflicts are reported, so that a wholly wrong file gives a readable message. */
    private static final int MAX_REPORTED = 10;

    private SiteList() {
    }

    /**
     * One site of the CSV.
     *
     * @param line    the row's line number in the file, for messages
     * @param request the site
     */
    public record Row(int line, SiteRequest request) {
    }

    /**
     * Reads the CSV.
     *
     * @throws EnrollmentException (invalid request) when the file is missing, the header differs, a row has the
     *                             wrong number of fields or bad labels, or a site id repeats. The message names the
     *                             line.
     */
    public static List<Row> read(Path file) throws EnrollmentException {
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            skipByteOrderMark(reader);
            List<String> header = nextRecord(reader, new int[] {0});
            if (header == null || !header.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList()
                    .equals(HEADER)) {
                throw invalid("The sites file " + file + " must start with the header line "
                        + String.join(",", HEADER) + "; add it.");
            }
            int[] line = {1};
            List<String> fields;
            while ((fields = nextRecord(reader, line)) != null) {
                if (fields.size() == 1 && fields.get(0).isBlank()) {
                    continue;
                }
                rows.add(row(file, line[0], fields, seen));
            }
        } catch (NoSuchFileException e) {
            throw invalid("The sites file " + file + " does not exist; check the path given with --sites.");
        } catch (IOException e) {
            throw invalid("The sites file " + file + " could not be read (" + e.getMessage() + "); check the path"
                    + " and the file's permissions.");
        }
        if (rows.isEmpty()) {
            throw invalid("The sites file " + file + " lists no sites; add one row per site under the header.");
        }
        return rows;
    }

    /**
     * Finds ranges that overlap between rows, within a row, or with the central cluster's, and ranges that are
     * invalid.
     *
     * @return one sentence per conflict naming the lines, at most ten; empty when every range is distinct
     */
    public static List<String> rangeConflicts(List<Row> rows, String centralPodCidr, String centralServiceCidr) {
        List<String> conflicts = new ArrayList<>();
        List<Range> ranges = new ArrayList<>();
        Cidr.parse(centralPodCidr).ifPresent(c -> ranges.add(new Range("the central cluster's pod range", c)));
        Cidr.parse(centralServiceCidr).ifPresent(c -> ranges.add(new Range("the central cluster's service range",
                c)));
        for (Row row : rows) {
            addRange(row, "pod range", row.request().podCidr(), ranges, conflicts);
            addRange(row, "service range", row.request().serviceCidr(), ranges, conflicts);
        }
        for (int i = 0; i < ranges.size() && conflicts.size() < MAX_REPORTED; i++) {
            for (int j = i + 1; j < ranges.size() && conflicts.size() < MAX_REPORTED; j++) {
                Range a = ranges.get(i);
                Range b = ranges.get(j);
                if (a.cidr().overlaps(b.cidr())) {
                    conflicts.add("The " + b.description() + " " + b.cidr() + " overlaps " + a.description() + " " + a.cidr()
                            + "; give each site ranges of its own.");
                }
            }
        }
        return conflicts;
    }

    private record Range(String description, Cidr cidr) {
    }

    private static void addRange(Row row, String description, String text, List<Range> ranges, List<String> conflicts) {
        Optional<Cidr> cidr = Cidr.parse(text);
        String name = "line " + row.line() + " (" + row.request().siteId() + ")";
        if (cidr.isEmpty()) {
            conflicts.add("The " + description + " '" + text + "' on " + name + " is not an address range such as"
                    + " 10.50.0.0/16; correct it.");
            return;
        }
        if (!cidr.get().exact()) {
            conflicts.add("The " + description + " '" + text + "' on " + name + " has host bits set; write it as "
                    + cidr.get().network() + ".");
        }
        ranges.add(new Range(description + " of " + name, cidr.get()));
    }

    private static Row row(Path file, int line, List<String> fields, Map<String, Integer> seen)
            throws EnrollmentException {
        if (fields.size() != HEADER.size()) {
            throw invalid("Line " + line + " of " + file + " has " + fields.size() + " fields instead of "
                    + HEADER.size() + "; quote a name that contains a comma.");
        }
        String site = fields.get(0).strip();
        Integer earlier = seen.putIfAbsent(site, line);
        if (earlier != null) {
            throw invalid("Line " + line + " of " + file + " repeats site " + site + " from line " + earlier
                    + "; list each site once.");
        }
        Map<String, String> labels;
        try {
            labels = SiteLabels.parse(fields.get(2), ';');
        } catch (IllegalArgumentException e) {
            throw invalid("Line " + line + " of " + file + ": " + e.getMessage());
        }
        return new Row(line, new SiteRequest(site, fields.get(1).strip(), labels, fields.get(3).strip(),
                fields.get(4).strip()));
    }

    /**
     * Reads one CSV record, which may span lines inside quotes, and advances {@code line[0]} to the record's last
     * line. Returns {@code null} at the end of the input.
     */
    private static List<String> nextRecord(BufferedReader reader, int[] line) throws IOException {
        String text = reader.readLine();
        if (text == null) {
            return null;
        }
        line[0]++;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; ; i++) {
            if (i == text.length()) {
                if (!quoted) {
                    break;
                }
                String more = reader.readLine();
                if (more == null) {
                    break;
                }
                line[0]++;
                field.append('\n');
                text = more;
                i = -1;
                continue;
            }
            char c = text.charAt(i);
            if (quoted && c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static EnrollmentException invalid(String message) {
        return new EnrollmentException(EnrollmentException.Kind.INVALID_REQUEST, message);
    }

    /** Skips the byte-order mark that spreadsheet programs put at the start of a UTF-8 CSV. */
    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
    }
}
