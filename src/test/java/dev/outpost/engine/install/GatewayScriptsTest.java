package dev.outpost.engine.install;

import dev.outpost.engine.bundle.Architecture;
import dev.outpost.engine.bundle.ArtifactRole;
import dev.outpost.engine.bundle.BundleArtifact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the shell scripts Outpost sends to the gateway with this machine's own POSIX shell, on files in a
 * temporary folder, to show what they do to the gateway's files.
 */
class GatewayScriptsTest {

    private static final byte[] CONTENT = "k3s stand-in content for the receive script\n".repeat(200)
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private ArtifactPlacement placement(byte[] content) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        BundleArtifact artifact = new BundleArtifact("k3s/v1/amd64/k3s", ArtifactRole.K3S_BINARY,
                Architecture.AMD64, content.length, sha);
        return new ArtifactPlacement(artifact, dir.resolve("bin").resolve("k3s").toString(), "755");
    }

    private static Shell sh(String script, byte[] stdin) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", script).start();
        process.getOutputStream().write(stdin);
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Shell(process.exitValue(), out, err);
    }

    private record Shell(int exit, String out, String err) {
    }

    @Test
    void receivesAFileVerifiesItAndGivesItItsNameAndMode() throws Exception {
        ArtifactPlacement placement = placement(CONTENT);

        Shell result = sh(ArtifactTransfer.receiveScript(placement, 0), CONTENT);

        assertThat(result.exit()).as(result.err()).isZero();
        Path target = Path.of(placement.target());
        assertThat(target).hasBinaryContent(CONTENT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rwxr-xr-x");
        assertThat(Path.of(placement.partial())).doesNotExist();
        assertThat(Path.of(placement.partial() + ".pid")).doesNotExist();
    }

    @Test
    void resumesAfterTheBytesThatArrivedEarlier() throws Exception {
        ArtifactPlacement placement = placement(CONTENT);
        Files.createDirectories(Path.of(placement.folder()));
        Files.write(Path.of(placement.partial()), Arrays.copyOf(CONTENT, 1000));

        Shell result = sh(ArtifactTransfer.receiveScript(placement, 1000),
                Arrays.copyOfRange(CONTENT, 1000, CONTENT.length));

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(Path.of(placement.target())).hasBinaryContent(CONTENT);
    }

    @Test
    void keepsAFileCutShortForTheNextRunInsteadOfCheckingIt() throws Exception {
        ArtifactPlacement placement = placement(CONTENT);

        Shell result = sh(ArtifactTransfer.receiveScript(placement, 0), Arrays.copyOf(CONTENT, 700));

        assertThat(result.exit()).isEqualTo(5);
        assertThat(Path.of(placement.partial())).hasBinaryContent(Arrays.copyOf(CONTENT, 700));
        assertThat(Path.of(placement.target())).doesNotExist();
    }

    @Test
    void refusesToResumeWhenThePartialFileIsNotTheSizeItWas() throws Exception {
        ArtifactPlacement placement = placement(CONTENT);
        Files.createDirectories(Path.of(placement.folder()));
        Files.write(Path.of(placement.partial()), Arrays.copyOf(CONTENT, 500));

        Shell result = sh(ArtifactTransfer.receiveScript(placement, 1000), new byte[0]);

        assertThat(result.exit()).isEqualTo(4);
        assertThat(Path.of(placement.target())).doesNotExist();
    }

    @Test
    void deletesACopyWhoseDigestIsWrongAndLeavesTheOldFileAlone() throws Exception {
        ArtifactPlacement placement = placement(CONTENT);
        Files.createDirectories(Path.of(placement.folder()));
        Files.writeString(Path.of(placement.target()), "the old k3s");
        byte[] damaged = CONTENT.clone();
        damaged[7] ^= 1;

        Shell result = sh(ArtifactTransfer.receiveScript(placement, 0), damaged);

        assertThat(result.exit()).isEqualTo(3);
        assertThat(Path.of(placement.target())).hasContent("the old k3s");
        assertThat(Path.of(placement.partial())).doesNotExist();
    }

    @Test
    void surveyReportsPresentPartialAndAbsentFilesWithTheirDigestsAndFreeSpace() throws Exception {
        ArtifactPlacement present = placement(CONTENT);
        Files.createDirectories(Path.of(present.folder()));
        Files.write(Path.of(present.target()), CONTENT);
        ArtifactPlacement partial = new ArtifactPlacement(present.artifact(),
                dir.resolve("images").resolve("images.tar.zst").toString(), "644");
        Files.createDirectories(Path.of(partial.folder()));
        Files.write(Path.of(partial.partial()), Arrays.copyOf(CONTENT, 300));
        ArtifactPlacement absent = new ArtifactPlacement(present.artifact(),
                dir.resolve("not").resolve("yet").resolve("made").toString(), "644");

        Shell result = sh(GatewaySurvey.script(List.of(present, partial, absent)), new byte[0]);
        GatewaySurvey survey = GatewaySurvey.parse(result.out());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(survey.machine()).isNotBlank();
        assertThat(survey.files().get(0).size()).isEqualTo(CONTENT.length);
        assertThat(survey.files().get(0).sha256()).isEqualTo(present.artifact().sha256());
        assertThat(survey.files().get(1).size()).isEqualTo(-1);
        assertThat(survey.files().get(1).partialSize()).isEqualTo(300);
        assertThat(survey.files().get(1).partialSha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(CONTENT, 300))));
        assertThat(survey.files().get(2).size()).isEqualTo(-1);
        assertThat(survey.files().get(2).partialSize()).isEqualTo(-1);
        assertThat(survey.files().get(2).availableBytes()).isPositive();
        assertThat(survey.files().get(2).mountPoint()).startsWith("/");
    }

    @Test
    void surveyStopsAWriterThatABrokenConnectionLeftBehind() throws Exception {
        ArtifactPlacement placement = placement(CONTENT);
        Files.createDirectories(Path.of(placement.folder()));
        Process writer = new ProcessBuilder("sh", "-c", "exec cat >> '" + placement.partial() + "'").start();
        Files.writeString(Path.of(placement.partial() + ".pid"), Long.toString(writer.pid()));

        sh(GatewaySurvey.script(List.of(placement)), new byte[0]);

        assertThat(writer.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(Path.of(placement.partial() + ".pid")).doesNotExist();
    }

    @Test
    void surveyLeavesAProcessAloneWhenThePidFileNamesAnUnrelatedOne() throws Exception {
        ArtifactPlacement placement = placement(CONTENT);
        Files.createDirectories(Path.of(placement.folder()));
        Process unrelated = new ProcessBuilder("sleep", "30").start();
        Files.writeString(Path.of(placement.partial() + ".pid"), Long.toString(unrelated.pid()));
        try {
            sh(GatewaySurvey.script(List.of(placement)), new byte[0]);

            assertThat(unrelated.isAlive()).isTrue();
        } finally {
            unrelated.destroy();
        }
    }
}
