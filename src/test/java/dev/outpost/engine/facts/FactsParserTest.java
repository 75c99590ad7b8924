package dev.outpost.engine.facts;

import dev.outpost.engine.facts.GatewayFacts.Architecture;
import dev.outpost.engine.facts.GatewayFacts.CgroupVersion;
import dev.outpost.engine.facts.GatewayFacts.InitSystem;
import dev.outpost.engine.facts.GatewayFacts.SudoAccess;
import dev.outpost.engine.facts.GatewayFacts.TriState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class FactsParserTest {

    @Test
    void raspberryPiOutputIsParsed() {
        GatewayFacts facts = FactsParser.parse(FactsFixtures.load("raspberry-pi-bookworm.txt"), 1_764_000_000L);

        assertThat(facts.hostname()).isEqualTo("shop-0142-gw");
        assertThat(facts.os().id()).isEqualTo("debian");
        assertThat(facts.os().prettyName()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(facts.architecture()).isEqualTo(Architecture.ARM64);
        assertThat(facts.cpuCount()).isEqualTo(4);
        assertThat(facts.memory().totalBytes()).isEqualTo(3_885_720L * 1024);
        assertThat(facts.memory().swapTotalBytes()).isEqualTo(102_396L * 1024);
        assertThat(facts.cgroup().version()).isEqualTo(CgroupVersion.V2);
        assertThat(facts.cgroup().memoryController()).isEqualTo(TriState.NO);
        assertThat(facts.cgroup().bootCommandLineFile()).isEqualTo("/boot/firmware/cmdline.txt");
        assertThat(facts.init()).isEqualTo(InitSystem.SYSTEMD);
        assertThat(facts.route().ipv4Gateway()).isEqualTo("192.168.1.1");
        assertThat(facts.clock().skewSeconds()).isEqualTo(12L);
        assertThat(facts.clock().ntpSynchronized()).isEqualTo(TriState.YES);
        assertThat(facts.user().sudo()).isEqualTo(SudoAccess.ALLOWED);
        assertThat(facts.serialDevices()).containsExactly("/dev/ttyAMA0", "/dev/ttyUSB0",
                "/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10K3XYZ-if00-port0");
        assertThat(facts.disks()).hasSize(3);
        assertThat(facts.disks().get(0).availableBytes()).isEqualTo(21_474_836L * 1024);
        assertThat(facts.disks().get(0).mountPoint()).isEqualTo("/");
        assertThat(facts.complete()).isTrue();
    }

    @Test
    void emptyOutputIsAllUnknown() {
        GatewayFacts facts = FactsParser.parse("", 0);

        assertThat(facts.hostname()).isNull();
        assertThat(facts.architecture()).isEqualTo(Architecture.UNKNOWN);
        assertThat(facts.cpuCount()).isNull();
        assertThat(facts.memory().totalBytes()).isNull();
        assertThat(facts.cgroup().memoryController()).isEqualTo(TriState.UNKNOWN);
        assertThat(facts.init()).isEqualTo(InitSystem.UNKNOWN);
        assertThat(facts.clock().skewSeconds()).isNull();
        assertThat(facts.user().sudo()).isEqualTo(SudoAccess.UNKNOWN);
        assertThat(facts.complete()).isFalse();
    }

    @Test
    void oddValuesBecomeUnknown() {
        String odd = String.join("\n",
                "machine=",
                "cpu.count=four",
                "clock.epoch=-5",
                "user.id=root",
                "@begin meminfo",
                "MemTotal: lots kB",
                "SwapTotal:",
                "@end meminfo",
                "@begin disk",
                "/var/lib/rancher df: /var/lib: Permission denied",
                "@end disk",
                "@begin proc-net-tcp",
                "this is not a table",
                "@end proc-net-tcp",
                "@begin os-release",
                "PRETTY_NAME=\"unterminated",
                "@end os-release",
                "@begin unterminated-block",
                "x=1");

        GatewayFacts facts = FactsParser.parse(odd, 0);

        assertThat(facts.architecture()).isEqualTo(Architecture.UNKNOWN);
        assertThat(facts.cpuCount()).isNull();
        assertThat(facts.clock().gatewayEpochSeconds()).isNull();
        assertThat(facts.user().uid()).isNull();
        assertThat(facts.memory().totalBytes()).isNull();
        assertThat(facts.disks()).singleElement().satisfies(d -> assertThat(d.availableBytes()).isNull());
        assertThat(facts.listening()).isEmpty();
        assertThat(facts.os().prettyName()).isEqualTo("\"unterminated");
        assertThat(facts.complete()).isFalse();
    }

    @Test
    void binaryNoiseDoesNotThrow() {
        StringBuilder noise = new StringBuilder();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            noise.append((char) random.nextInt(0x3000));
        }

        assertThatCode(() -> FactsParser.parse(noise.toString(), 0)).doesNotThrowAnyException();
    }

    @Test
    void unsupportedMachineIsNamed() {
        GatewayFacts facts = FactsParser.parse("machine=mips64", 0);

        assertThat(facts.architecture()).isEqualTo(Architecture.UNSUPPORTED);
        assertThat(facts.machine()).isEqualTo("mips64");
    }

    @Test
    void sudoRefusalsAreClassified() {
        assertThat(FactsParser.classifySudoRefusal("visitor is not in the sudoers file.  This incident will be"
                + " reported.")).isEqualTo(SudoAccess.DENIED);
        assertThat(FactsParser.classifySudoRefusal("Sorry, try again.\nsudo: 1 incorrect password attempt"))
                .isEqualTo(SudoAccess.WRONG_PASSWORD);
        assertThat(FactsParser.classifySudoRefusal("sudo: a password is required"))
                .isEqualTo(SudoAccess.PASSWORD_REQUIRED);
        assertThat(FactsParser.classifySudoRefusal("something new")).isEqualTo(SudoAccess.UNKNOWN);
    }
}
