package platform;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A Debian tool a test needs (promtool, chromium). CI installs it ({@code .ci/run}), so there a missing tool fails
 * the test; on a developer's machine the test is skipped with the reason and the command that installs it.
 */
public final class InstalledTool {

    private InstalledTool() {
    }

    public static Path require(String path, String debianPackage) {
        Path tool = Path.of(path);
        if (!Files.isExecutable(tool)) {
            String reason = path + " is not installed (apt-get install -y " + debianPackage + ")";
            if (System.getenv("CI") != null) {
                Assertions.fail(reason + "; .ci/run installs it, so CI must have it");
            }
            Assumptions.abort(reason);
        }
        return tool;
    }
}
