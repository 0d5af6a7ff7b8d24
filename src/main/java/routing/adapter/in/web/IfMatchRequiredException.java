package routing.adapter.in.web;

/** A rule set replacement without {@code If-Match}: 428, so that no one overwrites a change they never saw. */
class IfMatchRequiredException extends RuntimeException {

    IfMatchRequiredException() {
        super("Replacing the rule set needs If-Match with the version it was edited from (the ETag of GET "
                + "/admin/routing/rule-set), so that a concurrent change is not overwritten; * replaces whatever is "
                + "current");
    }
}
