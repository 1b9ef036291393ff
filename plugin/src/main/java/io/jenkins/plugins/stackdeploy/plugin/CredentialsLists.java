package io.jenkins.plugins.stackdeploy.plugin;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The credentials dropdowns of the forms, each checked for permission first: without a job,
 * Administer; with one, Extended Read or Use Item. Without permission only the current value shows.
 */
final class CredentialsLists {

    private CredentialsLists() {}

    static ListBoxModel sshKeys(Item item, String current) {
        return list(item, current, SSHUserPrivateKey.class, CredentialsMatchers.always());
    }

    static ListBoxModel usernamePasswords(Item item, String current) {
        return list(item, current, StandardUsernamePasswordCredentials.class, CredentialsMatchers.always());
    }

    static ListBoxModel secretFiles(Item item, String current) {
        return list(item, current, FileCredentials.class, CredentialsMatchers.always());
    }

    static ListBoxModel secretTexts(Item item, String current) {
        return list(item, current, StringCredentials.class, CredentialsMatchers.always());
    }

    /** known_hosts lines as a secret file or a secret text. */
    static ListBoxModel knownHosts(Item item, String current) {
        return list(
                item,
                current,
                StandardCredentials.class,
                CredentialsMatchers.anyOf(
                        CredentialsMatchers.instanceOf(FileCredentials.class),
                        CredentialsMatchers.instanceOf(StringCredentials.class)));
    }

    private static ListBoxModel list(
            Item item, String current, Class<? extends StandardCredentials> type, CredentialsMatcher matcher) {
        StandardListBoxModel result = new StandardListBoxModel();
        if (item == null) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return result.includeCurrentValue(current);
            }
        } else if (!item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            return result.includeCurrentValue(current);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(
                        item == null ? ACL.SYSTEM2 : Jenkins.getAuthentication2(), item, type, List.of(), matcher)
                .includeCurrentValue(current);
    }
}
