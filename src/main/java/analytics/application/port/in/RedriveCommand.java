package analytics.application.port.in;

import org.jspecify.annotations.Nullable;

/** How many dead letters at most one re-drive moves; null: the configured maximum. */
public record RedriveCommand(@Nullable Integer limit) {

    public RedriveCommand {
        if (limit != null && limit < 1) {
            throw new InvalidRedriveRequestException("limit must be at least 1, was " + limit);
        }
    }
}
