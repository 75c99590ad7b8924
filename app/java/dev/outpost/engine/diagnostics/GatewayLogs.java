package dev.outpost.engine.diagnostics;

import dev.outpost.engine.gateway.CommandResult;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.install.GatewayPaths;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's files and logs for the export, read as root in one command so that a slow link costs one round
 * trip: the install journal, the K3s configuration and kubeconfig, the K3s service's state and log, and the kernel
 * messages. Each part is cut to its last {@link Part#limitBytes} bytes on the gateway, before it crosses the link.
 */
final class GatewayLogs {

    /** One part of the command: a name for the export, the shell command and the most bytes kept. */
    record Part(String name, String entry, String command, int limitBytes) {
    }

    /**
     * What one part returned.
     *
     * @param text      the output, cut to the limit
     * @param exitCode  the part's exit status
     * @param truncated whether the output was longer than the limit
     */
    record Output(String text, int exitCode, boolean truncated) {
    }

    static final List<Part> PARTS = List.of(
            new Part("install journal", "gateway/install-journal.json", "cat " + GatewayPaths.JOURNAL, 256 * 1024),
            new Part("K3s configuration", "gateway/k3s-config.yaml", "cat " + GatewayPaths.K3S_CONFIG, 64 * 1024),
            new Part("K3s kubeconfig", "gateway/k3s-kubeconfig.yaml", "cat " + GatewayPaths.KUBECONFIG, 64 * 1024),
            new Part("K3s service state", "gateway/k3s-service-status.txt", "systemctl status "
                    + GatewayPaths.K3S_UNIT + " --no-pager --full --lines=0", 16 * 1024),
            new Part("K3s service log", "gateway/k3s-service.log", "journalctl -u " + GatewayPaths.K3S_UNIT
                    + " --no-pager -o short-iso -n 20000", 512 * 1024),
            new Part("kernel messages", "gateway/kernel-messages.log", "dmesg --time-format iso", 256 * 1024));

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private GatewayLogs() {
    }

    /**
     * Reads every part. Blocks for one round trip plus the commands' time.
     *
     * @throws GatewayException when the connection fails or the command times out
     */
    static Map<Part, Output> read(GatewaySession session) throws GatewayException {
        String nonce = "outpost-diagnostics-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        StringBuilder script = new StringBuilder();
        for (Part part : PARTS) {
            script.append("echo '").append(nonce).append(" begin'; { ").append(part.command())
                    .append(" 2>&1; s=$?; echo; echo \"").append(nonce).append(" status $s\"; } | tail -c ")
                    .append(part.limitBytes() + 64).append("; ");
        }
        CommandResult result = session.runAsRoot(script.toString(), new byte[0], TIMEOUT);
        return parse(result.stdout(), nonce);
    }

    /** Splits the command's output into its parts; a part without its status line counts as failed. */
    static Map<Part, Output> parse(String stdout, String nonce) {
        Map<Part, Output> outputs = new LinkedHashMap<>();
        String[] sections = stdout.split(java.util.regex.Pattern.quote(nonce + " begin") + "\\n?", -1);
        for (int i = 0; i < PARTS.size(); i++) {
            Part part = PARTS.get(i);
            String section = i + 1 < sections.length ? sections[i + 1] : "";
            int status = section.lastIndexOf(nonce + " status ");
            int exit = -1;
            String text = section;
            if (status >= 0) {
                String code = section.substring(status + nonce.length() + 8).strip();
                exit = code.matches("-?[0-9]{1,5}") ? Integer.parseInt(code) : -1;
                text = section.substring(0, status);
                if (text.endsWith("\n")) {
                    text = text.substring(0, text.length() - 1);
                }
            }
            boolean truncated = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= part.limitBytes();
            if (truncated) {
                int newline = text.indexOf('\n');
                text = newline >= 0 ? text.substring(newline + 1) : text;
            }
            outputs.put(part, new Output(text, exit, truncated));
        }
        return outputs;
    }
}
