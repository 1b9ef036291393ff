package io.jenkins.plugins.stackdeploy.env;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import io.jenkins.plugins.stackdeploy.config.ComposeFile;
import io.jenkins.plugins.stackdeploy.config.ConfigProblem;
import io.jenkins.plugins.stackdeploy.config.DotenvEntry;
import io.jenkins.plugins.stackdeploy.config.Interpolation;
import io.jenkins.plugins.stackdeploy.config.Location;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.config.StackConfig.EnvRule;
import io.jenkins.plugins.stackdeploy.env.EnvCheck.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * validate-env: checks the production environment against its template, its rules and the compose
 * files that use it, and reports every problem in one run. Findings name the key, the rule and
 * where; a value never appears in any of them — not whole, not partly, not hashed.
 */
public final class EnvValidator {

    /** Values people leave in templates: CHANGE_ME, your-…, xxx, <…>, TODO. */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)(?:.*change[ _-]?me.*|your[-_ ].*|.*(?:^|[^a-z0-9])x{3,}(?:[^a-z0-9]|$).*|<.*>|todo|fixme|tbd|replace[-_ ]?me"
                    + "|placeholder|\\.\\.\\.|…)");

    /** Siblings a password must not equal: {@code POSTGRES_PASSWORD} vs {@code POSTGRES_USER}. */
    private static final List<String> IDENTITY_SUFFIXES =
            List.of("USER", "USERNAME", "DB", "DATABASE", "DB_NAME", "DBNAME", "NAME");

    private static final Pattern SECRET_WORD = Pattern.compile("(?i)(PASSWORD|PASSWD|SECRET|TOKEN|KEY)");

    /** zxcvbn's cost grows with length; longer values are measured by their first characters. */
    private static final int MEASURED_LENGTH = 100;

    /** zxcvbn's dictionaries take a moment to load: started by the first validator, in the background. */
    private static final AtomicReference<CompletableFuture<Zxcvbn>> ZXCVBN = new AtomicReference<>();

    /** A validator; it starts loading the password dictionaries at once, so create it early. */
    public EnvValidator() {
        ZXCVBN.compareAndSet(null, CompletableFuture.supplyAsync(Zxcvbn::new));
    }

    public EnvReport validate(EnvValidationRequest request) {
        Run run = new Run(request);
        run.all();
        List<String> sources = new ArrayList<>();
        sources.add("template " + request.template().name());
        if (request.env() != null) {
            sources.add("env " + request.env().name());
        }
        if (!request.secrets().isEmpty()) {
            sources.add(
                    request.secrets().size() + " secret" + (request.secrets().size() == 1 ? "" : "s"));
        }
        if (!request.composeFiles().isEmpty()) {
            sources.add(request.composeFiles().size() + " compose file"
                    + (request.composeFiles().size() == 1 ? "" : "s"));
        }
        return new EnvReport(run.checks, run.keys.size(), sources);
    }

    private static Zxcvbn zxcvbn() {
        return ZXCVBN.get().join();
    }

    /** One validation: the actual values with where each came from, and the checks made. */
    private static final class Run {
        private final EnvValidationRequest request;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, Location> sources = new LinkedHashMap<>();
        private final Map<String, DotenvEntry> template;
        private final Set<String> keys = new LinkedHashSet<>();
        private final List<Pattern> secretPatterns;
        private final List<EnvCheck> checks = new ArrayList<>();
        private final Map<String, Strength> strengths = new ConcurrentHashMap<>();

        Run(EnvValidationRequest request) {
            this.request = request;
            this.template = request.template().byKey();
            this.secretPatterns =
                    request.secretKeys().stream().map(StackConfig.Env::glob).toList();
            if (request.env() != null) {
                request.env().byKey().forEach((key, entry) -> {
                    if (entry.hasValue()) {
                        values.put(key, entry.value());
                    }
                    sources.put(key, entry.location());
                });
            }
            request.secrets().forEach((key, value) -> {
                values.put(key, value);
                sources.put(key, Location.of("secret " + key));
            });
            keys.addAll(template.keySet());
            keys.addAll(sources.keySet());
        }

        void all() {
            for (ConfigProblem problem : request.envProblems()) {
                checks.add(new EnvCheck("(syntax)", "syntax", Status.ERROR, problem.message(), problem.location()));
            }
            if (request.env() != null) {
                for (DotenvEntry overridden : request.env().overridden()) {
                    Location last = request.env().byKey().get(overridden.key()).location();
                    add(
                            overridden.key(),
                            "duplicate",
                            Status.WARNING,
                            "is defined again at line " + last.line() + "; the last definition counts",
                            overridden.location());
                }
            }
            measureStrengths();
            for (String key : keys) {
                checkKey(key);
            }
            checkCompose();
        }

        /** zxcvbn is the costly part: measure every candidate up front, in parallel. */
        private void measureStrengths() {
            List<String> candidates = keys.stream()
                    .filter(key -> {
                        EnvRule rule = request.rules().get(key);
                        String value = values.get(key);
                        return value != null
                                && !value.isEmpty()
                                && isSecret(key, rule)
                                && (rule == null || (rule.format() == null && rule.pattern() == null));
                    })
                    .toList();
            candidates.parallelStream().forEach(key -> strengths.put(key, measure(key, values.get(key))));
        }

        private Strength measure(String key, String value) {
            List<String> userInputs = new ArrayList<>();
            userInputs.add(key);
            for (String suffix : IDENTITY_SUFFIXES) {
                Optional.ofNullable(values.get(prefix(key) + suffix))
                        .filter(v -> !v.isEmpty())
                        .ifPresent(userInputs::add);
            }
            return zxcvbn().measure(value.substring(0, Math.min(value.length(), MEASURED_LENGTH)), userInputs);
        }

        private void checkKey(String key) {
            EnvRule rule = request.rules().get(key);
            DotenvEntry templateEntry = template.get(key);
            String value = values.get(key);
            Location where = sources.getOrDefault(key, templateEntry == null ? null : templateEntry.location());
            boolean secret = isSecret(key, rule);

            if (templateEntry == null) {
                add(
                        key,
                        "known",
                        request.strict() ? Status.ERROR : Status.WARNING,
                        "is not in the template " + request.template().name(),
                        where);
            } else {
                boolean required = rule != null && rule.required() != null
                        ? rule.required()
                        : secret
                                || !templateEntry.hasValue()
                                || templateEntry.value().isEmpty()
                                || isPlaceholder(templateEntry.value());
                if (value == null) {
                    add(
                            key,
                            "required",
                            required ? Status.ERROR : Status.PASSED,
                            required ? "is required but not defined" : "is optional and not defined",
                            templateEntry.location());
                } else if (value.isEmpty()) {
                    add(
                            key,
                            "required",
                            required ? Status.ERROR : Status.PASSED,
                            required ? "is required but empty" : "is optional and empty",
                            where);
                } else {
                    add(key, "required", Status.PASSED, "is defined", where);
                }
            }
            if (value == null || value.isEmpty()) {
                return;
            }
            boolean placeholder = isPlaceholder(value);
            boolean templateExample = secret
                    && templateEntry != null
                    && templateEntry.hasValue()
                    && !templateEntry.value().isEmpty()
                    && templateEntry.value().equals(value);
            if (placeholder || templateExample) {
                add(
                        key,
                        "placeholder",
                        Status.ERROR,
                        placeholder ? "still holds a placeholder value" : "still holds the template's example value",
                        where);
                return;
            }
            add(key, "placeholder", Status.PASSED, "holds a real value", where);
            if (rule != null && (rule.format() != null || rule.pattern() != null)) {
                checkFormat(key, rule, value, where);
            } else if (secret) {
                checkStrength(key, value, where);
            }
        }

        private void checkFormat(String key, EnvRule rule, String value, Location where) {
            if (rule.format() != null) {
                EnvFormat format = EnvFormat.byName(rule.format()).orElseThrow();
                if (!format.accepts(value)) {
                    add(key, "format", Status.ERROR, "is not " + format.expected(), where);
                    return;
                }
                if (format == EnvFormat.ENUM && !rule.values().contains(value)) {
                    add(key, "format", Status.ERROR, "is not one of the allowed values " + rule.values(), where);
                    return;
                }
                if (format == EnvFormat.INT || format == EnvFormat.PORT) {
                    long n = Long.parseLong(value.startsWith("+") ? value.substring(1) : value);
                    if ((rule.min() != null && n < rule.min()) || (rule.max() != null && n > rule.max())) {
                        add(key, "format", Status.ERROR, "is outside the allowed range " + range(rule), where);
                        return;
                    }
                }
                add(key, "format", Status.PASSED, "is " + format.expected(), where);
            }
            if (rule.pattern() != null) {
                boolean matches = Pattern.compile(rule.pattern()).matcher(value).matches();
                add(
                        key,
                        "pattern",
                        matches ? Status.PASSED : Status.ERROR,
                        matches ? "matches its pattern" : "does not match the pattern given in env.rules." + key,
                        where);
            }
        }

        private void checkStrength(String key, String value, Location where) {
            List<String> problems = new ArrayList<>();
            String prefix = prefix(key);
            for (String suffix : IDENTITY_SUFFIXES) {
                String sibling = prefix + suffix;
                String siblingValue = values.get(sibling);
                if (!sibling.equals(key)
                        && siblingValue != null
                        && !siblingValue.isEmpty()
                        && siblingValue.equalsIgnoreCase(value)) {
                    problems.add("equals " + sibling);
                }
            }
            if (value.length() < request.passwordMinLength()) {
                problems.add("is shorter than " + request.passwordMinLength() + " characters");
            }
            Strength strength = strengths.computeIfAbsent(key, k -> measure(k, value));
            if (strength.getScore() < request.passwordMinScore()) {
                String warning = strength.getFeedback().getWarning();
                problems.add("is too easy to guess: strength " + strength.getScore() + " of 4, needs "
                        + request.passwordMinScore()
                        + (warning == null || warning.isBlank() ? "" : " (" + warning.strip() + ")"));
            }
            if (problems.isEmpty()) {
                add(
                        key,
                        "strength",
                        Status.PASSED,
                        "is strong enough (strength " + strength.getScore() + " of 4)",
                        where);
            } else {
                add(key, "strength", Status.ERROR, String.join("; ", problems), where);
            }
        }

        private void checkCompose() {
            Map<String, List<String>> failures = new LinkedHashMap<>();
            Set<String> used = new LinkedHashSet<>();
            for (ComposeFile file : request.composeFiles()) {
                for (ComposeFile.InterpolatedValue use : file.interpolatedValues()) {
                    Interpolation.references(use.parts()).forEach(r -> used.add(r.name()));
                    Interpolation.evaluate(
                            use.parts(), name -> Optional.ofNullable(values.get(name)), new Interpolation.Problems() {
                                @Override
                                public void unset(Interpolation.Reference reference) {
                                    add(
                                            reference.name(),
                                            "compose",
                                            Status.ERROR,
                                            "is used by " + use.path() + " without a default but is not defined",
                                            use.location());
                                    failures.computeIfAbsent(reference.name(), k -> new ArrayList<>());
                                }

                                @Override
                                public void required(Interpolation.Reference reference, String message) {
                                    add(
                                            reference.name(),
                                            "compose",
                                            Status.ERROR,
                                            "is required by " + use.path() + (message.isBlank() ? "" : ": " + message),
                                            use.location());
                                    failures.computeIfAbsent(reference.name(), k -> new ArrayList<>());
                                }
                            });
                }
            }
            for (String name : used) {
                if (!failures.containsKey(name)) {
                    add(name, "compose", Status.PASSED, "resolves wherever the compose files use it", null);
                }
            }
        }

        private boolean isSecret(String key, EnvRule rule) {
            return StackConfig.Env.isSecret(key, rule, secretPatterns);
        }

        private static boolean isPlaceholder(String value) {
            return PLACEHOLDER.matcher(value.strip()).matches();
        }

        /** {@code POSTGRES_PASSWORD} → {@code POSTGRES_}; {@code PASSWORD} → "" (the last secret word counts). */
        private static String prefix(String key) {
            Matcher matcher = SECRET_WORD.matcher(key);
            int start = -1;
            while (matcher.find()) {
                start = matcher.start();
            }
            return start < 0 ? "" : key.substring(0, start);
        }

        private static String range(EnvRule rule) {
            return (rule.min() == null ? "" : rule.min().toString()) + ".."
                    + (rule.max() == null ? "" : rule.max().toString());
        }

        private void add(String key, String rule, Status status, String message, Location location) {
            checks.add(new EnvCheck(key, rule, status, message, location));
        }
    }

    /**
     * The values a redactor must hold for this request: every individual secret, and the value of
     * every secret key in the env file.
     */
    public static List<String> secretValues(EnvValidationRequest request) {
        List<Pattern> patterns =
                request.secretKeys().stream().map(StackConfig.Env::glob).toList();
        List<String> secrets = new ArrayList<>(request.secrets().values());
        if (request.env() != null) {
            request.env().values().forEach((key, value) -> {
                if (StackConfig.Env.isSecret(key, request.rules().get(key), patterns)) {
                    secrets.add(value);
                }
            });
        }
        return secrets;
    }
}
