package analytics.application;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Service;

import analytics.application.port.in.EraseFromArchiveUseCase;
import analytics.application.port.out.CollectArchiveRowsPort;
import analytics.application.port.out.ErasureRegisterPort;
import analytics.application.port.out.LocalArchivePort;
import analytics.application.port.out.MirrorArchivePort;
import analytics.application.port.out.ReadArchivedRowsPort;
import analytics.application.port.out.ReadArchivedRowsPort.Rewrite;
import analytics.domain.archive.ArchiveFile;

/**
 * An erasure in three steps, in this order: the register first (from then on the writer drops the delivery's
 * records, also those a replay brings back), then the open batches, then every archived file that holds the
 * delivery, one at a time under the archive lock, rewritten through staging and moved over the old one (and
 * uploaded over the mirror's copy; deleted in both if nothing else was in it).
 */
@Service
@ConditionalOnBooleanProperty(name = "relay.analytics.archive.enabled", matchIfMissing = true)
class ArchiveErasure implements EraseFromArchiveUseCase {

    private static final Logger log = LoggerFactory.getLogger(ArchiveErasure.class);

    private final ErasureRegisterPort register;
    private final CollectArchiveRowsPort openRows;
    private final ReadArchivedRowsPort archived;
    private final LocalArchivePort local;
    private final List<MirrorArchivePort> mirrors;
    private final ArchiveLock lock;
    private final Clock clock;

    ArchiveErasure(ErasureRegisterPort register, CollectArchiveRowsPort openRows, ReadArchivedRowsPort archived,
            LocalArchivePort local, List<MirrorArchivePort> mirrors, ArchiveLock lock, Clock clock) {
        this.register = register;
        this.openRows = openRows;
        this.archived = archived;
        this.local = local;
        this.mirrors = List.copyOf(mirrors);
        this.lock = lock;
        this.clock = clock;
    }

    @Override
    public ErasureReport erase(UUID deliveryId, String requestedBy) {
        register.record(deliveryId, requestedBy, clock.instant());
        long openRowsRemoved = lock.call(() -> openRows.removeDelivery(deliveryId));
        long rowsRemoved = 0;
        int rewritten = 0;
        int deleted = 0;
        for (ArchiveFile file : archived.filesContaining(deliveryId)) {
            Rewrite rewrite = lock.call(() -> rewrite(file, deliveryId));
            rowsRemoved += rewrite.removed();
            if (rewrite.removed() > 0) {
                if (rewrite.staged() == null) {
                    deleted++;
                } else {
                    rewritten++;
                }
            }
        }
        ErasureReport report = new ErasureReport(deliveryId, rowsRemoved, rewritten, deleted, openRowsRemoved);
        log.info("Erased delivery {} from the archive at the request of {}: {} row(s) removed from {} rewritten and "
                + "{} deleted file(s), {} row(s) from open batches", deliveryId, requestedBy, rowsRemoved, rewritten,
                deleted, openRowsRemoved);
        return report;
    }

    private Rewrite rewrite(ArchiveFile file, UUID deliveryId) {
        if (!local.exists(file)) {
            // retention or a restart's clean-up removed it since the search
            return new Rewrite(null, 0, 0);
        }
        Rewrite rewrite = archived.stageWithout(file, local.pathOf(file), deliveryId);
        if (rewrite.removed() == 0) {
            return rewrite;
        }
        var staged = rewrite.staged();
        if (staged == null) {
            for (MirrorArchivePort mirror : mirrors) {
                mirror.delete(file);
            }
            local.delete(file);
        } else {
            for (MirrorArchivePort mirror : mirrors) {
                mirror.upload(file, staged.path());
            }
            local.publish(file, staged.path());
        }
        return rewrite;
    }
}
