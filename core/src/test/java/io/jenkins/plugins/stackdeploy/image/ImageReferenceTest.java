package io.jenkins.plugins.stackdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

    private static final String DIGEST = "sha256:82b7e05c4dfc5236564f57cbdbbf4490b5bcc3b2586dc8924f2b516dc8d2d656";

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "redis                                   | docker.io            | redis            | -      | redis",
                "redis:7.2                               | docker.io            | redis            | 7.2    | redis",
                "acme/api:42                             | docker.io            | acme/api         | 42     | acme/api",
                "registry.example.com/acme/shop-api:42   | registry.example.com | acme/shop-api    | 42     | registry.example.com/acme/shop-api",
                "127.0.0.1:5000/shop-web                 | 127.0.0.1:5000       | shop-web         | -      | 127.0.0.1:5000/shop-web",
                "localhost/app:v1.0_rc-1                 | localhost            | app              | v1.0_rc-1 | localhost/app",
                "docker.io/library/postgres:15           | docker.io            | library/postgres | 15     | library/postgres",
            })
    void splitsAsTheDockerCliDoes(String text, String registry, String path, String tag, String repository) {
        ImageReference reference = ImageReference.parse(text);
        assertThat(reference.registry()).isEqualTo(registry);
        assertThat(reference.path()).isEqualTo(path);
        assertThat(reference.tag()).isEqualTo(tag);
        assertThat(reference.repository()).isEqualTo(repository);
        assertThat(reference.pinned(DIGEST)).isEqualTo(repository + "@" + DIGEST);
    }

    @org.junit.jupiter.api.Test
    void registryOfAnImagesRegistryValue() {
        assertThat(ImageReference.registryOf("registry.example.com/acme")).isEqualTo("registry.example.com");
        assertThat(ImageReference.registryOf("127.0.0.1:5000")).isEqualTo("127.0.0.1:5000");
        assertThat(ImageReference.registryOf("acme")).isEqualTo("docker.io");
    }

    @org.junit.jupiter.api.Test
    void keepsADigest() {
        ImageReference reference = ImageReference.parse("127.0.0.1:5000/shop-web:1@" + DIGEST);
        assertThat(reference.tag()).isEqualTo("1");
        assertThat(reference.digest()).isEqualTo(DIGEST);
        assertThat(reference).hasToString("127.0.0.1:5000/shop-web:1@" + DIGEST);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Acme/api          | `Acme` is not a repository name component",
                "acme/api:         | a tag is letters",
                "acme/api:-x       | a tag is letters",
                "acme//api         | `` is not a repository name component",
                "acme/api@sha256:1 | the digest must be sha256:",
                "reg.example.com/  | the repository name is empty",
            })
    void namesWhatIsWrong(String text, String why) {
        assertThatThrownBy(() -> ImageReference.parse(text))
                .isInstanceOf(ImageReference.InvalidReferenceException.class)
                .hasMessageStartingWith("`" + text + "` is not a valid image reference: ")
                .hasMessageContaining(why);
    }
}
