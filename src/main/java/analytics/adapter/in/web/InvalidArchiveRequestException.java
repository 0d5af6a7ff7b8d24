package analytics.adapter.in.web;

/** A request to the archive API that is wrong in itself: a 400. */
class InvalidArchiveRequestException extends RuntimeException {

    InvalidArchiveRequestException(String message) {
        super(message);
    }
}
