package io.github.aobackgroundjobs.samples.springboot;

import java.security.Principal;
import java.util.Map;
import org.springframework.http.ResponseEntity;
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

    OrderController(Orders orders) {
        this.orders = orders;
    }

    /** The application's CSRF token (Spring Security's), which the page sends with its posts. */
    @GetMapping("/api/session")
    Map<String, String> session(Principal user, CsrfToken csrf) {
        return Map.of("user", user.getName(), "csrfHeader", csrf.getHeaderName(), "csrfToken", csrf.getToken());
    }

    @PostMapping("/api/orders")
    Orders.Placed place(Principal user, @RequestBody Map<String, String> body) {
        return orders.place(user.getName(), body.get("item"));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
