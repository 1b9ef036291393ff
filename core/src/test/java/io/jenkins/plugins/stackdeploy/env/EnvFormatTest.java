package io.jenkins.plugins.stackdeploy.env;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvFormatTest {

    @ParameterizedTest(name = "{0} accepts {1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            url                   | https://app.example.com
            url                   | http://127.0.0.1:8080/path?q=1
            url-list              | https://a.example.com,https://b.example.com
            url-list              | https://a.example.com, http://localhost:3000
            email                 | ops@example.com
            port                  | 1
            port                  | 65535
            int                   | -42
            bool                  | true
            bool                  | Off
            duration              | 1h30m
            duration              | 45
            hostname              | db.internal.example.com
            hostname              | postgres
            openai-key            | sk-proj-abcdefghijklmnopqrstuvwxyz0123456789_-AB
            openai-key            | sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL
            anthropic-key         | sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789_-ABCDEFGHIJ
            stripe-key            | sk_live_abcdefghijklmnop1234
            stripe-key            | pk_test_abcdefghijklmnop1234
            stripe-webhook-secret | whsec_abcdefghijklmnopqrstuvwxyz12
            aws-access-key-id     | AKIAIOSFODNN7EXAMPLE
            aws-secret-access-key | wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
            github-token          | ghp_abcdefghijklmnopqrstuvwxyz0123456789
            github-token          | github_pat_abcdefghijklmnopqrstuv_abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvw
            slack-token           | xoxb-1234567890-abcdefghijkl
            sendgrid-key          | SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG
            """)
    void accepts(String format, String value) {
        assertThat(EnvFormat.byName(format).orElseThrow().accepts(value)).isTrue();
    }

    @ParameterizedTest(name = "{0} rejects {1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            url                   | app.example.com
            url                   | ftp://files.example.com
            url                   | https://
            url-list              | https://a.example.com,not-a-url
            url-list              | https://a.example.com,
            email                 | ops@
            email                 | ops example.com
            port                  | 0
            port                  | 65536
            port                  | http
            int                   | 4.5
            bool                  | maybe
            duration              | soon
            hostname              | bad host
            hostname              | -leading.example.com
            openai-key            | sk-short
            openai-key            | pk-abcdefghijklmnopqrstuvwxyz0123456789
            anthropic-key         | sk-abcdefghijklmnopqrstuvwxyz0123456789_-ABCDEFGHIJ
            stripe-key            | sk_prod_abcdefghijklmnop1234
            stripe-webhook-secret | whsec_short
            aws-access-key-id     | AKIAIOSFODNN7EXAMPL
            aws-access-key-id     | akiaiosfodnn7example
            aws-secret-access-key | tooShort
            github-token          | ghp_short
            slack-token           | xoxz-1234567890-abcdefghijkl
            sendgrid-key          | SG.abc.def
            """)
    void rejects(String format, String value) {
        assertThat(EnvFormat.byName(format).orElseThrow().accepts(value)).isFalse();
    }
}
