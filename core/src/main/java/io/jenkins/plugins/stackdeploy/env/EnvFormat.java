package io.jenkins.plugins.stackdeploy.env;

import io.jenkins.plugins.stackdeploy.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The value formats {@code env.rules} can require. Each check answers with the problem in words that
 * describe the expected shape — never the value, not even part of it.
 */
public enum EnvFormat {
    URL("url", "an absolute http(s) URL such as https://app.example.com", EnvFormat::isHttpUrl),
    URL_LIST("url-list", "a comma-separated list of http(s) URLs", value -> Arrays.stream(value.split(",", -1))
            .map(String::strip)
            .allMatch(EnvFormat::isHttpUrl)),
    EMAIL(
            "email",
            "an email address such as ops@example.com",
            Pattern.compile(
                            "[^@\\s]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")
                    .asMatchPredicate()),
    PORT(
            "port",
            "a TCP port number from 1 to 65535",
            value -> value.matches("\\d{1,5}") && Integer.parseInt(value) >= 1 && Integer.parseInt(value) <= 65535),
    INT("int", "a whole number", Pattern.compile("[-+]?\\d{1,18}").asMatchPredicate()),
    BOOL("bool", "true or false (also 1/0, yes/no, on/off)", value -> List.of(
                    "true", "false", "1", "0", "yes", "no", "on", "off")
            .contains(value.toLowerCase(Locale.ROOT))),
    ENUM("enum", "one of the allowed values", value -> true),
    DURATION("duration", "a duration such as 500ms, 30s, 5m or 1h30m", EnvFormat::isDuration),
    HOSTNAME(
            "hostname",
            "a host name such as db.example.com",
            Pattern.compile(
                            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*")
                    .asMatchPredicate()),
    OPENAI_KEY(
            "openai-key",
            "an OpenAI API key (sk-… or sk-proj-…)",
            Pattern.compile("sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}").asMatchPredicate()),
    ANTHROPIC_KEY(
            "anthropic-key",
            "an Anthropic API key (sk-ant-api03-…)",
            Pattern.compile("sk-ant-[a-z]+[0-9]{2}-[A-Za-z0-9_-]{32,}").asMatchPredicate()),
    STRIPE_KEY(
            "stripe-key",
            "a Stripe API key (sk_live_…, sk_test_…, rk_… or pk_…)",
            Pattern.compile("(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}").asMatchPredicate()),
    STRIPE_WEBHOOK_SECRET(
            "stripe-webhook-secret",
            "a Stripe webhook signing secret (whsec_…)",
            Pattern.compile("whsec_[A-Za-z0-9+/=]{24,}").asMatchPredicate()),
    AWS_ACCESS_KEY_ID(
            "aws-access-key-id",
            "an AWS access key id (AKIA… or ASIA…, 20 characters)",
            Pattern.compile("(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}").asMatchPredicate()),
    AWS_SECRET_ACCESS_KEY(
            "aws-secret-access-key",
            "an AWS secret access key (40 characters of A-Z, a-z, 0-9, / and +)",
            Pattern.compile("[A-Za-z0-9/+]{40}").asMatchPredicate()),
    GITHUB_TOKEN(
            "github-token",
            "a GitHub token (ghp_…, gho_…, ghu_…, ghs_…, ghr_… or github_pat_…)",
            Pattern.compile("(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})")
                    .asMatchPredicate()),
    SLACK_TOKEN(
            "slack-token",
            "a Slack token (xoxb-…, xoxp-…, xoxa-…, xoxe-… or xapp-…)",
            Pattern.compile("(?:xox[abposre](?:\\.[a-z]+)?-[A-Za-z0-9-]{10,}|xapp-\\d-[A-Za-z0-9-]{10,})")
                    .asMatchPredicate()),
    SENDGRID_KEY(
            "sendgrid-key",
            "a SendGrid API key (SG.<22 characters>.<43 characters>)",
            Pattern.compile("SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}").asMatchPredicate());

    private final String name;
    private final String expected;
    private final Predicate<String> accepts;

    EnvFormat(String name, String expected, Predicate<String> accepts) {
        this.name = name;
        this.expected = expected;
        this.accepts = accepts;
    }

    /** The name used in {@code env.rules.KEY.format}. */
    public String formatName() {
        return name;
    }

    /** What a valid value looks like, for messages. */
    public String expected() {
        return expected;
    }

    public boolean accepts(String value) {
        return accepts.test(value);
    }

    public static Optional<EnvFormat> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.name.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(EnvFormat::formatName).toList();
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null
                    && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isDuration(String value) {
        try {
            Durations.parse(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
