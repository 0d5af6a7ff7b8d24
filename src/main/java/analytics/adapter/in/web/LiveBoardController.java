package analytics.adapter.in.web;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import analytics.application.port.in.LiveBoardQuery;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live board: a static page ({@code /board/index.html}) fed by server-sent events. Every second one board is
 * read and sent to every open page; a page that goes away is dropped at the next send.
 */
@RestController
class LiveBoardController implements SmartLifecycle {

    static final Duration PUSH_INTERVAL = Duration.ofSeconds(1);
    /** a page reconnects by itself (EventSource) when its stream ends */
    static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    private final LiveBoardQuery board;
    private final JsonMapper json;
    private final TaskScheduler scheduler;
    private final Set<SseEmitter> pages = ConcurrentHashMap.newKeySet();
    private volatile @Nullable ScheduledFuture<?> pushing;

    LiveBoardController(LiveBoardQuery board, JsonMapper json, TaskScheduler scheduler) {
        this.board = board;
        this.json = json;
        this.scheduler = scheduler;
    }

    @GetMapping("/board")
    ResponseEntity<Void> page() {
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create("/board/index.html")).build();
    }

    @GetMapping(path = "/board/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events() {
        SseEmitter page = new SseEmitter(STREAM_TIMEOUT.toMillis());
        page.onCompletion(() -> pages.remove(page));
        page.onTimeout(page::complete);
        page.onError(error -> pages.remove(page));
        pages.add(page);
        send(page, json.writeValueAsString(board.board()));
        return page;
    }

    void push() {
        if (pages.isEmpty()) {
            return;
        }
        String current = json.writeValueAsString(board.board());
        pages.forEach(page -> send(page, current));
    }

    private void send(SseEmitter page, String boardJson) {
        try {
            page.send(SseEmitter.event().name("board").data(boardJson));
        } catch (IOException | IllegalStateException e) {
            // the page went away; its emitter is done
            pages.remove(page);
        }
    }

    @Override
    public void start() {
        pushing = scheduler.scheduleWithFixedDelay(() -> {
            try {
                push();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(LiveBoardController.class).warn("Board push failed: {}",
                        e.toString());
            }
        }, PUSH_INTERVAL);
    }

    /** Ends the open streams before the web server's graceful shutdown, which would otherwise wait for them. */
    @Override
    public void stop() {
        ScheduledFuture<?> future = pushing;
        if (future != null) {
            future.cancel(false);
        }
        pushing = null;
        pages.forEach(SseEmitter::complete);
        pages.clear();
    }

    @Override
    public boolean isRunning() {
        return pushing != null;
    }
}
