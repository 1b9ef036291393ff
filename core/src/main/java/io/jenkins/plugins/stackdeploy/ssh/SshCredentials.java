package io.jenkins.plugins.stackdeploy.ssh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How to log in: a user and a private key (OpenSSH or PEM; ed25519, RSA, ECDSA; optionally
 * encrypted) and/or a password. Key, passphrase and password are secrets: {@link #secrets()} lists
 * them for the redactor and {@link #toString()} never shows them.
 *
 * @param keyName what messages call the key ("~/.ssh/deploy_ed25519", "credential deploy-key")
 */
public record SshCredentials(String user, byte[] privateKey, String keyName, String passphrase, String password) {

    public SshCredentials {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("an SSH user is required");
        }
        if (privateKey == null && password == null) {
            throw new IllegalArgumentException("an SSH private key or password is required");
        }
        privateKey = privateKey == null ? null : privateKey.clone();
    }

    public static SshCredentials key(String user, byte[] privateKey, String keyName, String passphrase) {
        return new SshCredentials(user, privateKey, keyName, passphrase, null);
    }

    public static SshCredentials password(String user, String password) {
        return new SshCredentials(user, null, null, null, password);
    }

    @Override
    public byte[] privateKey() {
        return privateKey == null ? null : privateKey.clone();
    }

    /** Every secret value, for a redactor. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        if (passphrase != null) {
            secrets.add(passphrase);
        }
        if (password != null) {
            secrets.add(password);
        }
        return secrets;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SshCredentials other
                && user.equals(other.user)
                && Arrays.equals(privateKey, other.privateKey)
                && java.util.Objects.equals(passphrase, other.passphrase)
                && java.util.Objects.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return user.hashCode();
    }

    @Override
    public String toString() {
        return "SshCredentials[user=" + user + ", key=" + (keyName == null ? "none" : keyName) + ", passphrase="
                + (passphrase == null ? "none" : "****") + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
