package io.jenkins.plugins.stackdeploy.smoke;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.io.CloseMode;

/**
 * The HTTP clients of one smoke run (Apache HttpClient 5, which sends a {@code Host} header as
 * given): one that verifies certificates and host names — against the JVM's CAs plus an optional
 * CA file — and, only when a check asks for it, one that verifies nothing. No redirects followed,
 * no retries of its own, no cookies.
 */
final class HttpClients implements AutoCloseable {

    static final int CONNECT_TIMEOUT_SECONDS = 5;

    private final Path caFile;
    private final int connections;
    private CloseableHttpClient verifying;
    private CloseableHttpClient insecure;

    HttpClients(Path caFile, int connections) throws StackDeployException {
        this.caFile = caFile;
        this.connections = Math.max(2, connections);
        // built now, so that an unreadable CA file fails the run before any request
        this.verifying = build(new DefaultClientTlsStrategy(verifyingContext()));
    }

    synchronized CloseableHttpClient client(boolean trustAnything) {
        if (!trustAnything) {
            return verifying;
        }
        if (insecure == null) {
            insecure = build(new DefaultClientTlsStrategy(
                    trustingContext(), HostnameVerificationPolicy.CLIENT, NoopHostnameVerifier.INSTANCE));
        }
        return insecure;
    }

    private CloseableHttpClient build(TlsSocketStrategy tls) {
        return org.apache.hc.client5.http.impl.classic.HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setTlsSocketStrategy(tls)
                        .setMaxConnTotal(connections)
                        .setMaxConnPerRoute(connections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                                .build())
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .setUserAgent("stackdeploy-smoke")
                .build();
    }

    /** The JVM's trusted CAs, plus those of the CA file. */
    private SSLContext verifyingContext() throws StackDeployException {
        try {
            if (caFile == null) {
                return SSLContext.getDefault();
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            int n = 0;
            for (TrustManager manager : defaults.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate ca : x509.getAcceptedIssuers()) {
                        trusted.setCertificateEntry("jvm-" + n++, ca);
                    }
                }
            }
            Collection<? extends Certificate> extra;
            try (InputStream in = Files.newInputStream(caFile)) {
                extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (extra.isEmpty()) {
                throw new StackDeployException("The CA file " + caFile + " holds no certificate.");
            }
            for (Certificate ca : extra) {
                trusted.setCertificateEntry("extra-" + n++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new StackDeployException("Could not read the CA file " + caFile + ": " + e.getMessage() + ".");
        } catch (GeneralSecurityException e) {
            throw new StackDeployException(
                    "The CA file " + caFile + " is not a PEM certificate that can be trusted: " + e.getMessage() + ".");
        }
    }

    private static SSLContext trustingContext() {
        X509TrustManager anything = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {anything}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }

    @Override
    public synchronized void close() {
        verifying.close(CloseMode.IMMEDIATE);
        if (insecure != null) {
            insecure.close(CloseMode.IMMEDIATE);
        }
    }
}
