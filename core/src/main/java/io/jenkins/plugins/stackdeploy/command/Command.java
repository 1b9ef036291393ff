package io.jenkins.plugins.stackdeploy.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An immutable command line: a program and its arguments, each {@link Arg#plain plain} or {@link
 * Arg#secret secret}. Commands are values — built by pure functions, run by a runner, and shown
 * only through {@link #toDisplayString()}. Nothing else in the project builds a command line.
 */
public final class Command {

    private final List<Arg> args;

    private Command(List<Arg> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least a program");
        }
        this.args = List.copyOf(args);
    }

    /** A command of plain words, e.g. {@code Command.of("docker", "info")}. */
    public static Command of(String program, String... args) {
        List<Arg> all = new ArrayList<>(args.length + 1);
        all.add(Arg.plain(program));
        Arrays.stream(args).map(Arg::plain).forEach(all::add);
        return new Command(all);
    }

    public static Command of(List<Arg> args) {
        return new Command(args);
    }

    public static Builder builder(String program) {
        return new Builder().add(program);
    }

    public List<Arg> args() {
        return args;
    }

    /** The words for a local process, secrets included. */
    public List<String> argv() {
        return args.stream().map(Arg::value).toList();
    }

    /** One line for a POSIX shell (an SSH exec channel), every word quoted as needed. */
    public String toShellString() {
        return args.stream().map(arg -> ShellQuoting.quote(arg.value())).collect(Collectors.joining(" "));
    }

    /** The line logs and exception messages show: secrets as {@code ****}. */
    public String toDisplayString() {
        return args.stream().map(Arg::display).collect(Collectors.joining(" "));
    }

    /** The values of the secret arguments, for a redactor. */
    public List<String> secrets() {
        return args.stream().filter(Arg::secret).map(Arg::value).toList();
    }

    /** This command followed by more words. */
    public Command with(Arg... more) {
        List<Arg> all = new ArrayList<>(args);
        all.addAll(Arrays.asList(more));
        return new Command(all);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Command other && args.equals(other.args);
    }

    @Override
    public int hashCode() {
        return Objects.hash(args);
    }

    @Override
    public String toString() {
        return toDisplayString();
    }

    /** Collects words in order; {@link #addIf} keeps optional flags readable. */
    public static final class Builder {
        private final List<Arg> args = new ArrayList<>();

        private Builder() {}

        public Builder add(String... words) {
            Arrays.stream(words).map(Arg::plain).forEach(args::add);
            return this;
        }

        public Builder addSecret(String word) {
            args.add(Arg.secret(word));
            return this;
        }

        public Builder addIf(boolean condition, String... words) {
            return condition ? add(words) : this;
        }

        public Builder addAll(List<String> words) {
            words.stream().map(Arg::plain).forEach(args::add);
            return this;
        }

        public Command build() {
            return new Command(args);
        }
    }
}
