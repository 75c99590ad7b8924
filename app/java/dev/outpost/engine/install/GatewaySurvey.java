package dev.outpost.engine.install;

import dev.outpost.engine.gateway.CommandResult;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.ShellQuoting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the gateway already contains of a plan, gathered by one command: its machine type and networks, and for each
 * artifact the file at its target, a partly received copy, and the free space where it goes. A writer left
 * running by a broken connection is stopped first, so a partial file no longer grows while it is checked.
 *
 * @param machine  {@code uname -m}
 * @param networks the gateway's own address ranges, such as {@code 192.168.1.20/24}
 * @param files    what is known about each artifact's target, by placement index
 */
record GatewaySurvey(String machine, List<String> networks, Map<Integer, FileState> files) {

    /**
     * The state of one target.
     *
     * @param size           the target's size, or -1 when it is absent
     * @param sha256         the target's digest when its size is the expected one, else {@code null}
     * @param partialSize    the partly received copy's size, or -1 when there is none
     * @param partialSha256  the partial copy's digest when it is not larger than expected, else {@code null}
     * @param availableBytes the free space on the file system that receives the file
     * @param mountPoint     that file system's mount point
     */
    record FileState(long size, String sha256, long partialSize, String partialSha256, long availableBytes,
            String mountPoint) {
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private static final String FUNCTIONS = """
            digest() { set -- $(sha256sum < "$1"); echo "$1"; }
            stop_writer() {
              [ -f "$1.pid" ] || return 0
              pid=$(cat "$1.pid" 2>/dev/null)
              case "$pid" in ''|*[!0-9]*) rm -f "$1.pid"; return 0 ;; esac
              if [ "$(readlink "/proc/$pid/fd/1" 2>/dev/null)" = "$1" ]; then
                kill "$pid" 2>/dev/null; n=0
                while [ -d "/proc/$pid" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
              fi
              rm -f "$1.pid"
            }
            survey() {
              i=$1; t=$2; s=$3; p="$t%s"
              stop_writer "$p"
              if [ -f "$t" ]; then n=$(stat -c %%s "$t")
                if [ "$n" = "$s" ]; then echo "file $i $n $(digest "$t")"; else echo "file $i $n -"; fi
              else echo "file $i -1 -"; fi
              if [ -f "$p" ]; then n=$(stat -c %%s "$p")
                if [ "$n" -le "$s" ]; then echo "partial $i $n $(digest "$p")"; else echo "partial $i $n -"; fi
              fi
              d=${t%%/*}; while [ -n "$d" ] && [ ! -d "$d" ]; do d=${d%%/*}; done; [ -n "$d" ] || d=/
              df -Pk "$d" | tail -n 1 | { read -r _ _ _ avail _ mnt; echo "space $i $avail $mnt"; }
            }
            echo "machine $(uname -m)"
            ip -o addr show 2>/dev/null | while read -r _ _ _ addr _; do echo "network $addr"; done
            """.formatted(GatewayPaths.PARTIAL_SUFFIX);

    /** Surveys the gateway for the placements, as root. Blocks. */
    static GatewaySurvey take(GatewaySession session, List<ArtifactPlacement> placements) throws GatewayException,
            InstallException {
        CommandResult result = session.runAsRoot(script(placements), new byte[0], TIMEOUT);
        if (!result.succeeded()) {
            throw new InstallException("Outpost could not look at the gateway's files as root (exit "
                    + result.exitCode() + "). Check that the login may use sudo, then try again.");
        }
        return parse(result.stdout());
    }

    /** The survey as one POSIX shell script, run as root. */
    static String script(List<ArtifactPlacement> placements) {
        StringBuilder script = new StringBuilder(FUNCTIONS);
        for (int i = 0; i < placements.size(); i++) {
            ArtifactPlacement placement = placements.get(i);
            script.append("survey ").append(i).append(' ').append(ShellQuoting.quote(placement.target()))
                    .append(' ').append(placement.artifact().size()).append('\n');
        }
        return script.toString();
    }

    static GatewaySurvey parse(String output) {
        String machine = "";
        List<String> networks = new ArrayList<>();
        Map<Integer, long[]> sizes = new HashMap<>();
        Map<Integer, String[]> digests = new HashMap<>();
        Map<Integer, String> mounts = new HashMap<>();
        for (String line : output.lines().toList()) {
            String[] f = line.trim().split(" ", 5);
            switch (f[0]) {
                case "machine" -> machine = f.length > 1 ? f[1] : "";
                case "network" -> {
                    if (f.length > 1 && !f[1].startsWith("127.") && !f[1].equals("::1/128")) {
                        networks.add(f[1]);
                    }
                }
                case "file", "partial" -> {
                    if (f.length >= 4) {
                        int i = Integer.parseInt(f[1]);
                        boolean file = f[0].equals("file");
                        long[] s = sizes.computeIfAbsent(i, k -> new long[] {-1, -1, 0});
                        String[] d = digests.computeIfAbsent(i, k -> new String[2]);
                        s[file ? 0 : 1] = Long.parseLong(f[2]);
                        d[file ? 0 : 1] = f[3].equals("-") ? null : f[3];
                    }
                }
                case "space" -> {
                    if (f.length >= 4) {
                        int i = Integer.parseInt(f[1]);
                        sizes.computeIfAbsent(i, k -> new long[] {-1, -1, 0})[2] = Long.parseLong(f[2]) * 1024;
                        mounts.put(i, f.length == 5 ? f[3] + " " + f[4] : f[3]);
                    }
                }
                default -> { }
            }
        }
        Map<Integer, FileState> files = new HashMap<>();
        sizes.forEach((i, s) -> {
            String[] d = digests.getOrDefault(i, new String[2]);
            files.put(i, new FileState(s[0], d[0], s[1], d[1], s[2], mounts.getOrDefault(i, "/")));
        });
        return new GatewaySurvey(machine, networks, files);
    }
}
