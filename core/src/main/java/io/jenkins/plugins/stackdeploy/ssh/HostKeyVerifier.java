package io.jenkins.plugins.stackdeploy.ssh;

import io.jenkins.plugins.stackdeploy.console.Console;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * Checks the key one host presents against a {@link HostKeyPolicy}. Its verdict, when it refuses,
 * is kept for the connector to turn into one clear sentence.
 */
final class HostKeyVerifier implements ServerKeyVerifier {

    private final String host;
    private final int port;
    private final HostKeyPolicy policy;
    private final Console console;
    private final List<KnownHostEntry> entries;
    private volatile HostKeyRejectedException rejection;

    HostKeyVerifier(String host, int port, HostKeyPolicy policy, Console console) {
        this.host = host;
        this.port = port;
        this.policy = policy;
        this.console = console;
        try {
            this.entries =
                    KnownHostEntry.readKnownHostEntries(new BufferedReader(new StringReader(policy.knownHosts())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    Optional<HostKeyRejectedException> rejection() {
        return Optional.ofNullable(rejection);
    }

    private String where() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey presented) {
        String fingerprint = fingerprint(presented);
        String presentedText = "it presented " + KeyUtils.getKeyType(presented) + " " + fingerprint;
        boolean knownForHost = false;
        for (KnownHostEntry entry : entries) {
            if (!entry.isHostMatch(host, port) || "cert-authority".equals(entry.getMarker())) {
                continue;
            }
            PublicKey known = resolve(entry);
            if (known == null) {
                continue;
            }
            if (KeyUtils.compareKeys(known, presented)) {
                if ("revoked".equals(entry.getMarker())) {
                    return reject(
                            "The host key of " + where() + " is marked @revoked in the known hosts: " + presentedText
                                    + ". Refusing to connect.",
                            fingerprint);
                }
                return true;
            }
            knownForHost = knownForHost || entry.getMarker() == null;
        }
        if (policy.fingerprints().contains(fingerprint)) {
            return true;
        }
        if (knownForHost || !policy.fingerprints().isEmpty()) {
            return reject(
                    "The host key of " + where() + " has CHANGED: " + presentedText
                            + ", which is not the key the known hosts name. Refusing to connect: this may be a"
                            + " man-in-the-middle attack, or the host was reinstalled.",
                    fingerprint);
        }
        if (policy.acceptUnknown()) {
            console.line("WARNING: accepting the unknown host key of " + where() + " (" + KeyUtils.getKeyType(presented)
                    + " " + fingerprint + ") because unknown host keys are accepted; pin it to verify the host.");
            return true;
        }
        return reject(
                "The host key of " + where() + " is not known: " + presentedText
                        + ". Add it to the known hosts (ssh-keyscan, then check it) or pin its fingerprint.",
                fingerprint);
    }

    private boolean reject(String message, String fingerprint) {
        rejection = new HostKeyRejectedException(message, fingerprint);
        return false;
    }

    private static PublicKey resolve(KnownHostEntry entry) {
        try {
            return entry.getKeyEntry().resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.IGNORING);
        } catch (IOException | GeneralSecurityException e) {
            return null; // a key type this client cannot read cannot match either
        }
    }
}
