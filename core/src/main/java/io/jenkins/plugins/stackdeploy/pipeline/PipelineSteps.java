package io.jenkins.plugins.stackdeploy.pipeline;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.backup.BackupRequest;
import io.jenkins.plugins.stackdeploy.backup.BackupResult;
import io.jenkins.plugins.stackdeploy.backup.RestoreResult;
import io.jenkins.plugins.stackdeploy.backup.StackBackup;
import io.jenkins.plugins.stackdeploy.config.ConfigException;
import io.jenkins.plugins.stackdeploy.config.ConfigFiles;
import io.jenkins.plugins.stackdeploy.config.ConfigProblem;
import io.jenkins.plugins.stackdeploy.config.Dotenv;
import io.jenkins.plugins.stackdeploy.config.Location;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.config.StackConfigLoader;
import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.Redactor;
import io.jenkins.plugins.stackdeploy.deploy.ComposeDeployer;
import io.jenkins.plugins.stackdeploy.deploy.DeployOutcome;
import io.jenkins.plugins.stackdeploy.deploy.DeployRequest;
import io.jenkins.plugins.stackdeploy.deploy.DeployResult;
import io.jenkins.plugins.stackdeploy.env.EnvCheck;
import io.jenkins.plugins.stackdeploy.env.EnvJunitReport;
import io.jenkins.plugins.stackdeploy.env.EnvReport;
import io.jenkins.plugins.stackdeploy.env.EnvValidationRequest;
import io.jenkins.plugins.stackdeploy.env.EnvValidator;
import io.jenkins.plugins.stackdeploy.exec.LocalRunner;
import io.jenkins.plugins.stackdeploy.image.ImageBuildRequest;
import io.jenkins.plugins.stackdeploy.image.ImageBuilder;
import io.jenkins.plugins.stackdeploy.image.ImageLock;
import io.jenkins.plugins.stackdeploy.image.ImageLockFile;
import io.jenkins.plugins.stackdeploy.image.ImagePushRequest;
import io.jenkins.plugins.stackdeploy.image.ImagePusher;
import io.jenkins.plugins.stackdeploy.image.RegistryCredentials;
import io.jenkins.plugins.stackdeploy.smoke.SmokeRequest;
import io.jenkins.plugins.stackdeploy.smoke.SmokeResult;
import io.jenkins.plugins.stackdeploy.smoke.SmokeTester;
import io.jenkins.plugins.stackdeploy.ssh.HostKeyPolicy;
import io.jenkins.plugins.stackdeploy.ssh.SshCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline steps' side of core: each method takes a step's {@link StepInputs} and options, runs
 * one use case in this JVM (the agent's), and returns its result as plain maps and lists — values
 * a Jenkinsfile can use without script approval. A failed outcome is a {@link StackDeployException}
 * whose message is the build's one failure line. The plugin resolves credentials and calls these;
 * it holds no behaviour of its own.
 */
public final class PipelineSteps {

    /** Where build and push keep the image lock file, relative to the workspace. */
    public static final String LOCK_FILE = ".stackdeploy/images.lock.json";

    private PipelineSteps() {}

    /** validateEnv: every problem of the production environment; fails the step when there is an error. */
    public static Map<String, Object> validateEnv(StepInputs in, String junit, boolean strict, Console console)
            throws StackDeployException, InterruptedException {
        EnvValidator validator = new EnvValidator();
        StackConfig config = config(in);
        Path values = in.env() != null ? tempEnv(in.env()) : null;
        try {
            EnvReport report = validator.validate(EnvValidationRequest.from(config, values, in.secrets(), strict));
            Console out = masked(console, in, config.env().secretValues(envValues(in, config)));
            for (EnvCheck check : report.checks()) {
                if (check.status() != EnvCheck.Status.PASSED) {
                    out.line(check.toString());
                }
            }
            if (junit != null) {
                EnvJunitReport.write(report, workspace(in).resolve(junit));
                out.line("JUnit report: " + junit);
            }
            out.line(report.summary());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("passed", report.passed());
            result.put("errors", report.errors().size());
            result.put("warnings", report.warnings().size());
            result.put(
                    "problems",
                    report.checks().stream()
                            .filter(c -> c.status() != EnvCheck.Status.PASSED)
                            .map(EnvCheck::toString)
                            .toList());
            if (!report.passed()) {
                throw new StackDeployException(
                        "validateEnv found " + report.errors().size() + " error(s): " + report.summary());
            }
            return result;
        } finally {
            if (values != null) {
                deleteQuietly(values);
            }
        }
    }

    /** buildStackImages: every service with {@code build:}; the image lock file in the workspace. */
    public static Map<String, Object> buildImages(StepInputs in, String tag, Console console)
            throws StackDeployException, InterruptedException {
        StackConfig config = config(in);
        Path values = in.env() != null ? tempEnv(in.env()) : existing(config);
        try {
            Console out = masked(console, in, List.of());
            ImageLock lock = new ImageBuilder(new LocalRunner())
                    .build(
                            ImageBuildRequest.from(
                                    config,
                                    values,
                                    in.environment(),
                                    tag,
                                    workspace(in).resolve(LOCK_FILE)),
                            out);
            return StepResults.map(lock);
        } finally {
            if (in.env() != null) {
                deleteQuietly(values);
            }
        }
    }

    /** pushImages: every image of the lock file, each registry digest recorded in it. */
    public static Map<String, Object> pushImages(StepInputs in, Console console)
            throws StackDeployException, InterruptedException {
        StackConfig config = config(in);
        RegistryCredentials credentials = registry(in, config);
        ImageLock lock = new ImagePusher(new LocalRunner())
                .push(
                        ImagePushRequest.from(config, workspace(in).resolve(LOCK_FILE), credentials),
                        masked(console, in, List.of()));
        return StepResults.map(lock);
    }

    /**
     * composeDeploy: ships and gates a release; a release rolled back, or whose rollback failed,
     * fails the step with a message that says which.
     */
    public static Map<String, Object> composeDeploy(
            StepInputs in, String release, boolean dryRun, Duration lockTimeout, String junit, Console console)
            throws StackDeployException, InterruptedException {
        DeployRequest base = deployRequest(in, true);
        DeployRequest request = base.with(release, dryRun, lockTimeout != null ? lockTimeout : base.lockTimeout());
        if (request.smoke() != null) {
            request = request.withSmoke(SmokeRequest.of(
                    request.config(),
                    null,
                    smokeSecrets(in, request.smoke().secrets()),
                    request.smoke().masked(),
                    junit == null ? null : workspace(in).resolve(junit)));
        }
        DeployResult result = new ComposeDeployer().deploy(request, masked(console, in, request.secrets()));
        Map<String, Object> map = StepResults.map(result);
        String failure = failure(result);
        if (failure != null) {
            throw new StackDeployException(failure);
        }
        return map;
    }

    /** The build's failure line for a deploy that did not deploy, or null. */
    static String failure(DeployResult result) {
        DeployOutcome outcome = result.outcome();
        String why = result.hosts().stream()
                .filter(h -> h.message() != null)
                .map(h -> h.host() + ": " + h.message())
                .findFirst()
                .orElse("");
        return switch (outcome) {
            case DEPLOYED, DRY_RUN -> null;
            case ROLLED_BACK -> "Release " + result.release() + " was rolled back: every host is on its previous"
                    + " release again, healthy. " + why;
            case ROLLBACK_FAILED -> "Release " + result.release() + " failed AND ITS ROLLBACK FAILED: the stack needs"
                    + " attention now. " + why;
            case FAILED -> "Release " + result.release() + " failed (there was no previous release to go back to). "
                    + why;
        };
    }

    /** smokeTest: every check at once; failing checks fail the step (the JUnit file is written first). */
    public static Map<String, Object> smokeTest(StepInputs in, String baseUrl, String junit, Console console)
            throws StackDeployException, InterruptedException {
        StackConfig config = config(in);
        Map<String, String> values = envValues(in, config);
        SmokeRequest request = SmokeRequest.of(
                config,
                baseUrl,
                smokeSecrets(in, values),
                config.env().secretValues(values),
                junit == null ? null : workspace(in).resolve(junit));
        SmokeTester.check(request);
        SmokeResult result = new SmokeTester().run(request, masked(console, in, request.secretValues()));
        Map<String, Object> map = StepResults.map(result);
        if (!result.passed()) {
            throw new StackDeployException("Smoke checks failed: "
                    + String.join(
                            ", ",
                            result.failures().stream()
                                    .map(c -> c.name() + " (" + c.mismatch() + ")")
                                    .toList()));
        }
        return map;
    }

    /** backupStack: a verified set on every host, then retention; a failed set fails the step. */
    public static Map<String, Object> backupStack(StepInputs in, String download, Console console)
            throws StackDeployException, InterruptedException {
        BackupRequest request = BackupRequest.of(
                deployRequest(in, false),
                download == null ? null : workspace(in).resolve(download));
        BackupResult result = new StackBackup().backup(request, masked(console, in, request.secrets()));
        Map<String, Object> map = StepResults.map(result);
        if (!result.succeeded()) {
            throw new StackDeployException("Backup failed: "
                    + String.join(
                            " ",
                            result.sets().stream()
                                    .filter(s -> !s.isVerified())
                                    .map(s -> s.host() + ": " + s.error())
                                    .toList()));
        }
        return map;
    }

    /** restoreStack: a verified set brought back (null: the newest) and its counts checked. */
    public static Map<String, Object> restoreStack(StepInputs in, String set, Console console)
            throws StackDeployException, InterruptedException {
        BackupRequest request = BackupRequest.of(deployRequest(in, false), null);
        RestoreResult result = new StackBackup().restore(request, set, masked(console, in, request.secrets()));
        if (!result.succeeded()) {
            throw new StackDeployException("The restore did not verify on "
                    + result.hosts().stream()
                            .filter(h -> !h.succeeded())
                            .map(RestoreResult.HostRestore::host)
                            .toList()
                    + "; see the log above.");
        }
        return StepResults.map(result);
    }

    /** stackReleases: the releases on each host, current marked. */
    public static List<Map<String, Object>> stackReleases(StepInputs in, Console console)
            throws StackDeployException, InterruptedException {
        DeployRequest request = deployRequest(in, false);
        return StepResults.list(new ComposeDeployer().releases(request, masked(console, in, request.secrets())));
    }

    // --- requests ----------------------------------------------------------------------------

    static StackConfig config(StepInputs in) throws StackDeployException {
        StackConfig config = StackConfigLoader.load(workspace(in).resolve(in.config()));
        if (in.globalTarget() != null) {
            config = config.withTarget(in.globalTarget().resolve(config));
        }
        return config;
    }

    /**
     * The deploy request of the inputs: the SSH key of the credential, the host keys from the
     * inputs or the target's known_hosts file, the production env (required to deploy).
     */
    static DeployRequest deployRequest(StepInputs in, boolean needsEnv) throws StackDeployException {
        StackConfig config = config(in);
        String targetName = in.globalTarget() != null ? in.globalTarget().name() : in.target();
        StackConfig.Target target = DeployRequest.target(config, targetName);
        String path = "targets." + target.name();
        if (in.sshPrivateKey() == null) {
            throw problem(config, path, "needs an SSH key: pass sshCredentialsId (an SSH private key credential)");
        }
        String knownHosts = in.knownHosts();
        if (knownHosts == null) {
            if (target.knownHosts() == null) {
                throw problem(
                        config,
                        path + ".knownHosts",
                        "is required (or pass knownHosts / knownHostsCredentialsId): every host key is verified");
            }
            knownHosts =
                    new String(ConfigFiles.readBytes(target.knownHosts(), "the known hosts"), StandardCharsets.UTF_8);
        }
        byte[] env = envContent(in, config);
        if (env == null && needsEnv) {
            throw problem(config, "env.file", "is required to deploy (or pass envCredentialsId, a secret file)");
        }
        String user = in.sshUser() != null && !in.sshUser().isBlank() ? in.sshUser() : target.user();
        Path lock = workspace(in).resolve(LOCK_FILE);
        ImageLock images = Files.exists(lock) ? ImageLockFile.read(lock) : null;
        return DeployRequest.of(
                config,
                target.name(),
                env == null ? new byte[0] : env,
                images,
                registry(in, config),
                SshCredentials.key(
                        user,
                        in.sshPrivateKey().getBytes(StandardCharsets.UTF_8),
                        "sshCredentialsId",
                        in.sshPassphrase()),
                HostKeyPolicy.knownHosts(knownHosts),
                in.by());
    }

    /** The registry credential of the step, its user defaulting to {@code images.username}; or null. */
    private static RegistryCredentials registry(StepInputs in, StackConfig config) {
        if (in.registryPassword() == null) {
            return null;
        }
        return new RegistryCredentials(
                in.registryUser() != null ? in.registryUser() : config.images().username(), in.registryPassword());
    }

    /** The checks' credentials: the step's {@code secrets} first, then the env's values. */
    private static Map<String, String> smokeSecrets(StepInputs in, Map<String, String> envValues) {
        Map<String, String> secrets = new LinkedHashMap<>(envValues);
        secrets.putAll(in.secrets());
        return secrets;
    }

    private static Map<String, String> envValues(StepInputs in, StackConfig config) throws StackDeployException {
        byte[] env = envContent(in, config);
        return env == null ? Map.of() : Dotenv.valuesOf(new String(env, StandardCharsets.UTF_8));
    }

    /** The env credential's content, else {@code env.file}'s when it exists; else null. */
    private static byte[] envContent(StepInputs in, StackConfig config) throws StackDeployException {
        Path file = existing(config);
        return in.env() != null ? in.env() : file == null ? null : ConfigFiles.readBytes(file, "the environment file");
    }

    // --- helpers -----------------------------------------------------------------------------

    private static Path workspace(StepInputs in) {
        return Path.of(in.workspace());
    }

    private static Console masked(Console console, StepInputs in, List<String> more) {
        List<String> secrets = new ArrayList<>(in.secretValues());
        secrets.addAll(more);
        return Console.of(console::line, new Redactor(secrets));
    }

    private static Path existing(StackConfig config) {
        Path file = config.env().file();
        return file != null && Files.exists(file) ? file : null;
    }

    private static ConfigException problem(StackConfig config, String path, String message) {
        return new ConfigException(new ConfigProblem(Location.of(config.display(config.file())), path, message));
    }

    /** The env credential's content in a temporary file private to this user (the tools read files). */
    private static Path tempEnv(byte[] content) throws StackDeployException {
        try {
            Path file = Files.createTempFile("stackdeploy-env-", ".env"); // 0600 on POSIX
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new StackDeployException("Could not write a temporary env file: " + e.getMessage() + ".");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file; its directory is the system's
        }
    }
}
