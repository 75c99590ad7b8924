package dev.outpost.ui.connect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionFormTest {

    private final ConnectionForm form = new ConnectionForm();

    @TempDir
    Path folder;

    private void fillValid() {
        form.addressProperty().set("192.168.16.53");
        form.userProperty().set("root");
    }

    @Test
    void validFormHasNoMessages() {
        fillValid();

        assertThat(form.validate(true)).isTrue();
        assertThat(form.addressErrorProperty().get()).isNull();
        assertThat(form.portErrorProperty().get()).isNull();
        assertThat(form.userErrorProperty().get()).isNull();
        assertThat(form.passwordErrorProperty().get()).isNull();
    }

    @Test
    void portDefaultsTo22() {
        assertThat(form.portProperty().get()).isEqualTo("22");
    }

    @Test
    void emptyFormShowsEveryProblemAtOnce() {
        form.portProperty().set("");

        assertThat(form.validate(false)).isFalse();
        assertThat(form.addressErrorProperty().get()).isEqualTo(ConnectionForm.ADDRESS_MISSING);
        assertThat(form.portErrorProperty().get()).isEqualTo(ConnectionForm.PORT_MISSING);
        assertThat(form.userErrorProperty().get()).isEqualTo(ConnectionForm.USER_MISSING);
        assertThat(form.passwordErrorProperty().get()).isEqualTo(ConnectionForm.PASSWORD_MISSING);
    }

    @Test
    void addressOfSpacesIsMissing() {
        fillValid();
        form.addressProperty().set("   ");

        assertThat(form.validate(true)).isFalse();
        assertThat(form.addressErrorProperty().get()).isEqualTo(ConnectionForm.ADDRESS_MISSING);
    }

    @Test
    void addressWithSpaceIsInvalid() {
        fillValid();
        form.addressProperty().set("192.168.16 .53");

        assertThat(form.validate(true)).isFalse();
        assertThat(form.addressErrorProperty().get()).isEqualTo(
                "The address \"192.168.16 .53\" is not valid. Type an IP address such as 192.168.1.20, or a name"
                        + " such as gateway.local.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway.local", "fe80::1%eth0", " 10.0.0.2 ", "shop-0142-gw"})
    void addressFormsAccepted(String address) {
        fillValid();
        form.addressProperty().set(address);

        assertThat(form.validate(true)).isTrue();
        assertThat(form.host()).isEqualTo(address.trim());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "ssh", "-1", "22.5", "123456"})
    void portOutsideRangeIsInvalid(String port) {
        fillValid();
        form.portProperty().set(port);

        assertThat(form.validate(true)).isFalse();
        assertThat(form.portErrorProperty().get()).isEqualTo(ConnectionForm.PORT_INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "65535", " 2222 "})
    void portInRangeIsValid(String port) {
        fillValid();
        form.portProperty().set(port);

        assertThat(form.validate(true)).isTrue();
        assertThat(form.portNumber()).isEqualTo(Integer.parseInt(port.trim()));
    }

    @Test
    void passwordNotNeededForKeyLogin() throws IOException {
        fillValid();
        form.loginMethodProperty().set(LoginMethod.KEY_FILE);
        form.keyFileProperty().set(Files.writeString(folder.resolve("id_ed25519"), "key").toString());

        assertThat(form.validate(false)).isTrue();
        assertThat(form.passwordErrorProperty().get()).isNull();
    }

    @Test
    void keyFileMissingForKeyLogin() {
        fillValid();
        form.loginMethodProperty().set(LoginMethod.KEY_FILE);

        assertThat(form.validate(false)).isFalse();
        assertThat(form.keyFileErrorProperty().get()).isEqualTo(ConnectionForm.KEY_FILE_MISSING);
    }

    @Test
    void keyFileThatDoesNotExist() {
        fillValid();
        form.loginMethodProperty().set(LoginMethod.KEY_FILE);
        Path absent = folder.resolve("id_absent");
        form.keyFileProperty().set(absent.toString());

        assertThat(form.validate(false)).isFalse();
        assertThat(form.keyFileErrorProperty().get()).isEqualTo("The key file " + absent
                + " does not exist. Choose the private key file that head office gave you.");
    }

    @Test
    void keyFileThatIsFolder() {
        fillValid();
        form.loginMethodProperty().set(LoginMethod.KEY_FILE);
        form.keyFileProperty().set(folder.toString());

        assertThat(form.validate(false)).isFalse();
        assertThat(form.keyFileErrorProperty().get()).startsWith(folder + " is a folder");
    }

    @Test
    void keyFileIgnoredForPasswordLogin() {
        fillValid();
        form.keyFileProperty().set(folder.resolve("id_absent").toString());

        assertThat(form.validate(true)).isTrue();
        assertThat(form.keyFileErrorProperty().get()).isNull();
    }

    @Test
    void editingFieldClearsItsMessage() {
        form.portProperty().set("");
        form.validate(false);

        form.addressProperty().set("1");
        form.userProperty().set("r");
        form.passwordEdited();

        assertThat(form.addressErrorProperty().get()).isNull();
        assertThat(form.userErrorProperty().get()).isNull();
        assertThat(form.passwordErrorProperty().get()).isNull();
        assertThat(form.portErrorProperty().get()).as("the port was not edited").isEqualTo(ConnectionForm.PORT_MISSING);
    }

    @Test
    void switchingLoginMethodClearsLoginMessages() {
        form.validate(false);
        assertThat(form.passwordErrorProperty().get()).isNotNull();

        form.loginMethodProperty().set(LoginMethod.KEY_FILE);

        assertThat(form.passwordErrorProperty().get()).isNull();
        assertThat(form.addressErrorProperty().get()).isEqualTo(ConnectionForm.ADDRESS_MISSING);
    }
}
