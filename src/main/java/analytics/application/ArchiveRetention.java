package analytics.application;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Service;

import analytics.application.port.in.ApplyArchiveRetentionUseCase;
import analytics.application.port.out.LocalArchivePort;
import analytics.application.port.out.MirrorArchivePort;

/**
 * Deletes whole days: every {@code dt=} partition dated before today (UTC) minus the retention in days, in the
 * mirror first and then locally, one day at a time under the archive lock.
 */
@Service
@ConditionalOnBooleanProperty(name = "relay.analytics.archive.enabled", matchIfMissing = true)
class ArchiveRetention implements ApplyArchiveRetentionUseCase {

    private static final Logger log = LoggerFactory.getLogger(ArchiveRetention.class);

    private final LocalArchivePort local;
    private final List<MirrorArchivePort> mirrors;
    private final ArchiveLock lock;
    private final ArchiveProperties properties;

    ArchiveRetention(LocalArchivePort local, List<MirrorArchivePort> mirrors, ArchiveLock lock,
            ArchiveProperties properties) {
        this.local = local;
        this.mirrors = List.copyOf(mirrors);
        this.lock = lock;
        this.properties = properties;
    }

    @Override
    public RetentionReport applyRetention(Instant now) {
        long days = properties.retention().toDays();
        if (days <= 0) {
            return new RetentionReport(List.of());
        }
        LocalDate keepFrom = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(days);
        TreeSet<LocalDate> due = new TreeSet<>(local.dates());
        for (MirrorArchivePort mirror : mirrors) {
            due.addAll(mirror.dates());
        }
        List<LocalDate> deleted = List.copyOf(due.headSet(keepFrom));
        for (LocalDate date : deleted) {
            lock.run(() -> {
                for (MirrorArchivePort mirror : mirrors) {
                    mirror.deleteDate(date);
                }
                local.deleteDate(date);
            });
        }
        if (!deleted.isEmpty()) {
            log.info("Archive retention ({} days): deleted {} day(s), {} to {}", days, deleted.size(),
                    deleted.getFirst(), deleted.getLast());
        }
        return new RetentionReport(deleted);
    }
}
