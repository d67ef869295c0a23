package io.github.aobackgroundjobs.samples.springboot;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The page's API: the CSRF token for its posts, and placing an order. */
@RestController
class OrderController {

    /**
     * The largest order body read: an item of 200 characters, each written as a six-character
     * JSON escape, takes 1,200 bytes, and anything much larger is not an order. Without a limit,
     * one signed-in request of any size would be read whole into memory.
     */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private static final String BAD_BODY =
            "The body must be a JSON object with a text 'item', such as {\"item\":\"Kettle\"}.";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Orders orders;
    private final OrderLimit limit;

    OrderController(Orders orders, OrderLimit limit) {
        this.orders = orders;
        this.limit = limit;
    }

    /** The application's CSRF token (Spring Security's), which the page sends with its posts. */
    @GetMapping("/api/session")
    Map<String, String> session(Principal user, CsrfToken csrf) {
        return Map.of("user", user.getName(), "csrfHeader", csrf.getHeaderName(), "csrfToken", csrf.getToken());
    }

    /**
     * The order endpoint: reads at most {@link #MAX_BODY_BYTES} of the body (413 beyond), which
     * must be a JSON object whose {@code item} is a JSON text (a number or {@code true} is not an
     * item), then places the order as {@link #place} does.
     */
    @PostMapping(path = "/api/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> post(Principal user, HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(Map.of("error", "The body is larger than " + MAX_BODY_BYTES + " bytes."));
        }
        JsonNode json;
        try {
            json = body.length == 0 ? null : JSON.readTree(body);
        } catch (StreamReadException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Duplicate field")) {
                // Which copy counts would be up to the parser: refused, and said so.
                return ResponseEntity.badRequest()
                        .body(Map.of("error", "The body has a property twice in one object."));
            }
            json = null;
        } catch (JacksonException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            return ResponseEntity.badRequest().body(Map.of("error", BAD_BODY));
        }
        JsonNode item = json.get("item");
        if (item != null && !item.isNull() && !item.isTextual()) {
            return ResponseEntity.badRequest().body(Map.of("error", BAD_BODY));
        }
        return place(user, item == null || item.isNull() ? Map.of() : Map.of("item", item.textValue()));
    }

    /** Places an order, or answers 429 while the customer has the cap of reports unfinished. */
    ResponseEntity<?> place(Principal user, Map<String, String> body) {
        String item = Orders.requireItem(body.get("item"));
        try {
            return ResponseEntity.ok(
                    limit.placeWithin(user.getName(), "You have", () -> orders.place(user.getName(), item)));
        } catch (OrderLimit.CapReachedException e) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).body(Map.of("error", e.getMessage()));
        }
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
