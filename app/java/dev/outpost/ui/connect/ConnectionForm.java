package dev.outpost.ui.connect;

import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.Credentials;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The connect page's fields and their validation messages. A message is {@code null} while its field is valid or
 * untouched since the last check; editing a field clears its message. Used on the FX thread.
 */
public final class ConnectionForm {

    static final String ADDRESS_MISSING = "Type the gateway's address, for example 192.168.1.20.";
    static final String ADDRESS_INVALID = "The address \"%s\" is not valid. Type an IP address such as"
            + " 192.168.1.20, or a name such as gateway.local.";
    static final String PORT_MISSING = "Type the SSH port. It is normally 22.";
    static final String PORT_INVALID = "The port must be a number from 1 to 65535. SSH normally uses 22.";
    static final String USER_MISSING = "Type the login user, for example root.";
    static final String PASSWORD_MISSING = "Type the password for this login.";
    static final String KEY_FILE_MISSING = "Choose the private key file that head office gave you.";
    static final String KEY_FILE_NOT_FOUND = "The key file %s does not exist. Choose the private key file that"
            + " head office gave you.";
    static final String KEY_FILE_NOT_A_FILE = "%s is a folder, not a key file. Choose the private key file inside"
            + " it.";

    /** Host names, IPv4 and IPv6 addresses, with an IPv6 zone after {@code %}; no spaces, slashes or ports. */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._:%-]+");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,5}");

    private final StringProperty address = new SimpleStringProperty(this, "address", "");
    private final StringProperty port = new SimpleStringProperty(this, "port",
            Integer.toString(ConnectionSettings.DEFAULT_PORT));
    private final StringProperty user = new SimpleStringProperty(this, "user", "");
    private final ObjectProperty<LoginMethod> loginMethod =
            new SimpleObjectProperty<>(this, "loginMethod", LoginMethod.PASSWORD);
    private final StringProperty keyFile = new SimpleStringProperty(this, "keyFile", "");

    private final ReadOnlyStringWrapper addressError = new ReadOnlyStringWrapper(this, "addressError");
    private final ReadOnlyStringWrapper portError = new ReadOnlyStringWrapper(this, "portError");
    private final ReadOnlyStringWrapper userError = new ReadOnlyStringWrapper(this, "userError");
    private final ReadOnlyStringWrapper passwordError = new ReadOnlyStringWrapper(this, "passwordError");
    private final ReadOnlyStringWrapper keyFileError = new ReadOnlyStringWrapper(this, "keyFileError");

    public ConnectionForm() {
        address.addListener((observable, before, after) -> addressError.set(null));
        port.addListener((observable, before, after) -> portError.set(null));
        user.addListener((observable, before, after) -> userError.set(null));
        keyFile.addListener((observable, before, after) -> keyFileError.set(null));
        loginMethod.addListener((observable, before, after) -> {
            passwordError.set(null);
            keyFileError.set(null);
        });
    }

    /**
     * Checks every field and sets the message of each invalid one, so the person sees all problems at once.
     *
     * @param passwordTyped whether the password field has text. The view passes it in because it keeps the
     *                      password itself.
     * @return whether every field is valid
     */
    public boolean validate(boolean passwordTyped) {
        addressError.set(addressProblem());
        portError.set(portProblem());
        userError.set(user().isEmpty() ? USER_MISSING : null);
        boolean byPassword = loginMethod.get() == LoginMethod.PASSWORD;
        passwordError.set(byPassword && !passwordTyped ? PASSWORD_MISSING : null);
        keyFileError.set(byPassword ? null : keyFileProblem());
        return List.of(addressError, portError, userError, passwordError, keyFileError).stream()
                .allMatch(message -> message.get() == null);
    }

    private String addressProblem() {
        String host = host();
        if (host.isEmpty()) {
            return ADDRESS_MISSING;
        }
        return ADDRESS.matcher(host).matches() ? null : String.format(ADDRESS_INVALID, host);
    }

    private String portProblem() {
        String text = port.get() == null ? "" : port.get().trim();
        if (text.isEmpty()) {
            return PORT_MISSING;
        }
        if (!DIGITS.matcher(text).matches()) {
            return PORT_INVALID;
        }
        int number = Integer.parseInt(text);
        return number >= 1 && number <= 65535 ? null : PORT_INVALID;
    }

    private String keyFileProblem() {
        String text = keyFile.get() == null ? "" : keyFile.get().trim();
        if (text.isEmpty()) {
            return KEY_FILE_MISSING;
        }
        Path file;
        try {
            file = Path.of(text);
        } catch (InvalidPathException e) {
            return String.format(KEY_FILE_NOT_FOUND, text);
        }
        if (Files.isDirectory(file)) {
            return String.format(KEY_FILE_NOT_A_FILE, text);
        }
        return Files.isRegularFile(file) ? null : String.format(KEY_FILE_NOT_FOUND, text);
    }

    /** Clears the password's message; the view calls it when the person types in a password field. */
    public void passwordEdited() {
        passwordError.set(null);
    }

    /** Returns the trimmed address. */
    public String host() {
        return address.get() == null ? "" : address.get().trim();
    }

    /** Returns the port number. Call only after {@link #validate} succeeded. */
    public int portNumber() {
        return Integer.parseInt(port.get().trim());
    }

    /** Returns the trimmed user name. */
    public String user() {
        return user.get() == null ? "" : user.get().trim();
    }

    /** Hands the secrets over to credentials for the chosen login method. Call only after a successful check. */
    Credentials credentials(LoginSecrets secrets) {
        return secrets.toCredentials(loginMethod.get(), Path.of(keyFile.get().trim()));
    }

    /** Returns the fields a person edits, for listeners that react to any change. */
    Observable[] fields() {
        return new Observable[] {address, port, user, loginMethod, keyFile};
    }

    public StringProperty addressProperty() {
        return address;
    }

    public StringProperty portProperty() {
        return port;
    }

    public StringProperty userProperty() {
        return user;
    }

    public ObjectProperty<LoginMethod> loginMethodProperty() {
        return loginMethod;
    }

    public StringProperty keyFileProperty() {
        return keyFile;
    }

    public ReadOnlyStringProperty addressErrorProperty() {
        return addressError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty portErrorProperty() {
        return portError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty userErrorProperty() {
        return userError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty passwordErrorProperty() {
        return passwordError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty keyFileErrorProperty() {
        return keyFileError.getReadOnlyProperty();
    }
}
