package platform.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data dir restored from a backup into another place must read its own binlogs (README "Backup and restore"). */
class BinlogIndexUnitTest {

    @TempDir
    Path restored;

    @Test
    void absoluteEntriesOfFilesInTheDataDirBecomeRelative() throws Exception {
        Files.writeString(restored.resolve("mysql-bin.000001"), "");
        Files.writeString(restored.resolve("mysql-bin.000002"), "");
        Files.write(restored.resolve("mysql-bin.index"), List.of("/old/place/data/mariadb/data/mysql-bin.000001",
                "./mysql-bin.000002", "/elsewhere/mysql-bin.000009"));

        EmbeddedMariaDb.relativizeBinlogIndex(restored);

        assertThat(Files.readAllLines(restored.resolve("mysql-bin.index"))).containsExactly("./mysql-bin.000001",
                "./mysql-bin.000002", "/elsewhere/mysql-bin.000009");
    }

    @Test
    void aDataDirWithoutBinlogIsLeftAlone() {
        EmbeddedMariaDb.relativizeBinlogIndex(restored);

        assertThat(restored.resolve("mysql-bin.index")).doesNotExist();
    }
}
