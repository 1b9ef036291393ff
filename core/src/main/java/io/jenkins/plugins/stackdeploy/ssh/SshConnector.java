package io.jenkins.plugins.stackdeploy.ssh;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.config.StackConfig.HostAddress;
import io.jenkins.plugins.stackdeploy.console.Console;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Opens verified SSH connections (Apache MINA SSHD). One connector per operation; one connection
 * per host, on which every command runs as its own channel. Close it to stop the client.
 */
public final class SshConnector implements AutoCloseable {

    private static final AttributeRepository.AttributeKey<HostKeyVerifier> VERIFIER =
            new AttributeRepository.AttributeKey<>();

    private final SshClient client;
    private final SshSettings settings;

    public SshConnector(SshSettings settings) {
        this.settings = settings;
        client = SshClient.setUpDefaultClient();
        // Each connection carries its own verifier: the host it was meant to reach and its policy.
        client.setServerKeyVerifier((session, remote, key) ->
                session.getConnectionContext().getAttribute(VERIFIER).verifyServerKey(session, remote, key));
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, settings.keepalive());
        CoreModuleProperties.IDLE_TIMEOUT.set(client, settings.idleTimeout());
        CoreModuleProperties.AUTH_TIMEOUT.set(client, settings.authTimeout());
        // Commands are many small exchanges: without this, Nagle and delayed ACKs add ~40 ms to each.
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        client.start();
    }

    /**
     * Connects to {@code address}, verifies its host key and logs in.
     *
     * @param console where the warning about an accepted unknown host key goes
     */
    public SshConnection connect(
            HostAddress address, SshCredentials credentials, HostKeyPolicy hostKeys, Console console)
            throws StackDeployException, InterruptedException {
        HostKeyVerifier verifier = new HostKeyVerifier(address.host(), address.port(), hostKeys, console);
        String where = credentials.user() + "@" + address;
        ClientSession session = null;
        try {
            session = client.connect(
                            credentials.user(),
                            address.host(),
                            address.port(),
                            AttributeRepository.ofKeyValuePair(VERIFIER, verifier),
                            null)
                    .verify(settings.connectTimeout())
                    .getSession();
            if (credentials.privateKey() != null) {
                for (KeyPair key : keys(credentials)) {
                    session.addPublicKeyIdentity(key);
                }
            }
            if (credentials.password() != null) {
                session.addPasswordIdentity(credentials.password());
            }
            session.auth().verify(settings.authTimeout());
            return new SshConnection(address, session);
        } catch (IOException e) {
            closeQuietly(session);
            if (verifier.rejection().isPresent()) {
                throw verifier.rejection().get();
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted while connecting to " + address);
            }
            throw new StackDeployException(describe(e, where, address), e);
        }
    }

    private static Iterable<KeyPair> keys(SshCredentials credentials) throws StackDeployException {
        String name = credentials.keyName() == null ? "the SSH key" : credentials.keyName();
        try {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(
                    null,
                    NamedResource.ofName(name),
                    new ByteArrayInputStream(credentials.privateKey()),
                    credentials.passphrase() == null
                            ? FilePasswordProvider.EMPTY
                            : FilePasswordProvider.of(credentials.passphrase()));
            if (keys == null || !keys.iterator().hasNext()) {
                throw new StackDeployException("The SSH key " + name + " holds no private key that can be read.");
            }
            return keys;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new StackDeployException("Could not read the SSH key " + name + ": "
                    + (credentials.passphrase() == null
                            ? "it may be encrypted (give its passphrase) or damaged"
                            : "wrong passphrase, or the key is damaged")
                    + ".");
        }
    }

    private static String describe(IOException e, String where, HostAddress address) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof ConnectException) {
            return "Could not connect to " + address + ": " + cause.getMessage() + ".";
        }
        if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
            return "Could not connect to " + address + ": the host name does not resolve.";
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("No more authentication methods")) {
            return "SSH login as " + where + " was refused: the host accepted none of the given keys or passwords.";
        }
        if (message.toLowerCase().contains("timeout") || message.contains("timed out")) {
            return "Could not connect to " + address + ": no answer within the time limit (" + message + ").";
        }
        return "SSH connection to " + where + " failed: " + message + ".";
    }

    private static void closeQuietly(ClientSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (IOException ignored) {
                // the connection failed already; that is what the caller reports
            }
        }
    }

    @Override
    public void close() {
        client.stop();
    }
}
