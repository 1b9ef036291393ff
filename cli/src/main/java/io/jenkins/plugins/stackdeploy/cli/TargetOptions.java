package io.jenkins.plugins.stackdeploy.cli;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import io.jenkins.plugins.stackdeploy.config.ConfigException;
import io.jenkins.plugins.stackdeploy.config.ConfigFiles;
import io.jenkins.plugins.stackdeploy.config.ConfigProblem;
import io.jenkins.plugins.stackdeploy.config.Location;
import io.jenkins.plugins.stackdeploy.config.StackConfig;
import io.jenkins.plugins.stackdeploy.config.StackConfigLoader;
import io.jenkins.plugins.stackdeploy.deploy.DeployRequest;
import io.jenkins.plugins.stackdeploy.image.ImageLock;
import io.jenkins.plugins.stackdeploy.image.ImageLockFile;
import io.jenkins.plugins.stackdeploy.image.RegistryCredentials;
import io.jenkins.plugins.stackdeploy.ssh.HostKeyPolicy;
import io.jenkins.plugins.stackdeploy.ssh.SshCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * What every command that talks to the hosts needs, the CLI way: the SSH key from the target's
 * {@code identity} or {@code STACKDEPLOY_SSH_KEY} (a path), its passphrase from
 * {@code STACKDEPLOY_SSH_PASSPHRASE}, the host keys from the target's {@code knownHosts}, the
 * environment from {@code env.file}, the images from the lock file. Never from arguments.
 */
final class TargetOptions {

    static final String KEY_VARIABLE = "STACKDEPLOY_SSH_KEY";
    static final String PASSPHRASE_VARIABLE = "STACKDEPLOY_SSH_PASSPHRASE";

    @Option(
            names = "--env-file",
            paramLabel = "FILE",
            description = "The production environment to ship as the release's .env (default: env.file).")
    Path envFile;

    @Option(
            names = "--lock",
            paramLabel = "FILE",
            description = "The image lock file of build and push (default: .stackdeploy/images.lock.json, when it"
                    + " exists).")
    Path lockFile;

    DeployRequest request(StackDeployCli root, boolean needsEnv) throws StackDeployException {
        StackConfig config = StackConfigLoader.load(root.config);
        StackConfig.Target target = DeployRequest.target(config, root.target);
        String path = "targets." + target.name();
        Path key = root.environment.containsKey(KEY_VARIABLE)
                ? Path.of(root.environment.get(KEY_VARIABLE))
                : target.identity();
        if (key == null) {
            throw problem(config, path + ".identity", "is required (or set " + KEY_VARIABLE + " to a key file)");
        }
        if (target.knownHosts() == null) {
            throw problem(config, path + ".knownHosts", "is required: stackdeploy verifies every host key");
        }
        String user = target.user() != null ? target.user() : System.getProperty("user.name");
        SshCredentials ssh = SshCredentials.key(
                user,
                ConfigFiles.readBytes(key, "the SSH key"),
                key.toString(),
                root.environment.get(PASSPHRASE_VARIABLE));
        HostKeyPolicy hostKeys =
                HostKeyPolicy.knownHosts(new String(ConfigFiles.readBytes(target.knownHosts(), "the known hosts")));
        Path env = envFile != null ? envFile : config.env().file();
        byte[] envContent = new byte[0];
        if (needsEnv && env == null) {
            throw problem(config, "env.file", "is required to deploy (or pass --env-file)");
        }
        if (needsEnv || envFile != null || (env != null && Files.exists(env))) {
            // read whenever there is one: its values are masked, and a backup of a host with no
            // current release takes its passwords from it
            envContent = ConfigFiles.readBytes(env, "the environment file");
        }
        Path lock = lockFile != null ? lockFile : ImageLockFile.DEFAULT;
        ImageLock images = lockFile != null || Files.exists(lock) ? ImageLockFile.read(lock) : null;
        String password = root.environment.get(PushCommand.PASSWORD_VARIABLE);
        RegistryCredentials registry = password == null || config.images().username() == null
                ? null
                : new RegistryCredentials(config.images().username(), password);
        return DeployRequest.of(
                config,
                target.name(),
                envContent,
                images,
                registry,
                ssh,
                hostKeys,
                "cli:" + System.getProperty("user.name"));
    }

    private static ConfigException problem(StackConfig config, String path, String message) {
        return new ConfigException(new ConfigProblem(Location.of(config.display(config.file())), path, message));
    }
}
