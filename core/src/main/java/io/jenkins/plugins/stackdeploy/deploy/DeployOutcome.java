package io.jenkins.plugins.stackdeploy.deploy;

/** How a deploy ended, on one host or for the whole target. */
public enum DeployOutcome {
    /** The new release passed its gate and is current. */
    DEPLOYED,
    /** The new release failed; the previous one is back up and healthy. */
    ROLLED_BACK,
    /** The new release failed, and so did bringing the previous one back. */
    ROLLBACK_FAILED,
    /** The new release failed and there was no previous release to return to: it was stopped. */
    FAILED,
    /** The plan was printed and nothing was changed. */
    DRY_RUN
}
