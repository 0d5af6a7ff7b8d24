package routing.adapter.in.web;

/** A request to the routing admin API that is wrong in itself, whatever the rule set: a 400. */
class InvalidAdminRequestException extends RuntimeException {

    InvalidAdminRequestException(String message) {
        super(message);
    }
}
