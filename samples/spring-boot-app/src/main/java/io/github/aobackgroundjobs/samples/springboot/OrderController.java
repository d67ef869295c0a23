package io.github.aobackgroundjobs.samples.springboot;

import java.security.Principal;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The page's API: the CSRF token for its posts, and placing an order. */
@RestController
class OrderController {

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

    /** Places an order, or answers 429 while the customer has the cap of reports unfinished. */
    @PostMapping("/api/orders")
    ResponseEntity<?> place(Principal user, @RequestBody Map<String, String> body) {
        String item = Orders.requireItem(body.get("item"));
        return limit.placeWithin(user.getName(), () -> orders.place(user.getName(), item))
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                        .body(Map.of("error", limit.refusal(user.getName()))));
    }

    /** A body that is not a JSON object of texts: 400 saying what the endpoint takes. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest()
                .body(Map.of(
                        "error", "The body must be a JSON object with a text 'item', such as {\"item\":\"Kettle\"}."));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
