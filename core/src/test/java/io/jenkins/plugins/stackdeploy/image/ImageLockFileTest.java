package io.jenkins.plugins.stackdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.stackdeploy.StackDeployException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLockFileTest {

    private static final String ID = "sha256:9af99e15b47853a7af5b366523a7087ff008776e21f5f66e5567cceb8d99ac81";
    private static final String DIGEST = "sha256:82b7e05c4dfc5236564f57cbdbbf4490b5bcc3b2586dc8924f2b516dc8d2d656";

    @TempDir
    Path dir;

    private static ImageLock lock() {
        Map<String, ImageLock.Image> services = new LinkedHashMap<>();
        services.put("api", ImageLock.Image.built("127.0.0.1:5000/shop-api:42", ID));
        services.put("cache", ImageLock.Image.pulled("redis:7"));
        return new ImageLock(ImageLock.VERSION, "shop", "42", "2026-11-22T02:15:00Z", null, services);
    }

    @Test
    void roundTripsAndRecordsDigests() throws Exception {
        Path file = dir.resolve(".stackdeploy/images.lock.json");
        ImageLockFile.write(lock(), file);
        assertThat(ImageLockFile.read(file)).isEqualTo(lock());
        assertThat(Files.readString(file)).doesNotContain("pushedAt").doesNotContain("digest");

        ImageLock pushed = lock().pushed(Map.of("api", DIGEST), "2026-11-22T02:16:00Z");
        ImageLockFile.write(pushed, file);
        ImageLock read = ImageLockFile.read(file);
        assertThat(read.services().get("api").digest()).isEqualTo(DIGEST);
        assertThat(read.services().get("api").pinned()).isEqualTo("127.0.0.1:5000/shop-api@" + DIGEST);
        assertThat(read.services().get("cache").pulled()).isTrue();
        assertThat(read.built()).containsOnlyKeys("api");
        assertThat(read.pushedAt()).isEqualTo("2026-11-22T02:16:00Z");
        assertThat(Files.list(file.getParent())).as("no temp file left").containsExactly(file);
    }

    @Test
    void aMissingOrDamagedFileIsOneSentence() throws Exception {
        assertThatThrownBy(() -> ImageLockFile.read(dir.resolve("none.json")))
                .isInstanceOf(StackDeployException.class)
                .hasMessage("There is no image lock file at " + dir.resolve("none.json")
                        + "; run build first, or name the file of an earlier build.");
        Path damaged = Files.writeString(dir.resolve("damaged.json"), "{\"version\": 1,\n \"services\": {");
        assertThatThrownBy(() -> ImageLockFile.read(damaged))
                .hasMessageStartingWith("The image lock file " + damaged + " is not valid: ")
                .hasMessageEndingWith("(line 2)");
        Path future = Files.writeString(dir.resolve("future.json"), "{\"version\": 2, \"services\": {}}");
        assertThatThrownBy(() -> ImageLockFile.read(future))
                .hasMessage("The image lock file " + future
                        + " has version 2; this stackdeploy reads version 1. Build again.");
    }

    @Test
    void aLockFileThatCannotBeWrittenSaysWhere() throws Exception {
        Path blocker = Files.writeString(dir.resolve("file"), "");
        assertThatThrownBy(() -> ImageLockFile.write(lock(), blocker.resolve("images.lock.json")))
                .isInstanceOf(StackDeployException.class)
                .hasMessageStartingWith(
                        "Could not write the image lock file to " + blocker.resolve("images.lock.json"));
    }

    @Test
    void credentialsGoOnlyToTheRegistryTheyAreFor() throws Exception {
        assertThat(lock().credentialsRegistry("reg.example.com")).isEqualTo("reg.example.com");
        assertThat(lock().credentialsRegistry(null)).isEqualTo("127.0.0.1:5000");
        Map<String, ImageLock.Image> two = new LinkedHashMap<>(lock().services());
        two.put("web", ImageLock.Image.built("other.example.com/web:1", ID));
        ImageLock mixed = new ImageLock(ImageLock.VERSION, "shop", "42", "t", null, two);
        assertThatThrownBy(() -> mixed.credentialsRegistry(null))
                .hasMessage("The images go to 2 registries (127.0.0.1:5000, other.example.com); set images.registry"
                        + " to say which one the credentials are for.");
        assertThat(new ImageLock(ImageLock.VERSION, "shop", "42", "t", null, Map.of()).credentialsRegistry(null))
                .isEqualTo("docker.io");
    }
}
