package net.mobilemessaging.push.fcm;

import net.mobilemessaging.push.PushResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** FCM HTTP v1 error bodies, as the API documents them, mapped to results. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FcmResultTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void aBadRequestNamingTheTokenFieldMeansTheTokenIsDead() {
        String body = """
                {"error": {"code": 400, "message": "Request contains an invalid argument.",
                  "status": "INVALID_ARGUMENT",
                  "details": [
                    {"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "INVALID_ARGUMENT"},
                    {"@type": "type.googleapis.com/google.rpc.BadRequest",
                     "fieldViolations": [{"field": "message.token", "description": "Invalid registration token"}]}
                  ]}}
                """;
        PushResult result = FcmSender.result(400, body, null, NOW);
        assertEquals(PushResult.Status.TOKEN_DEAD, result.status());
    }

    @Test
    void aBadRequestAboutSomethingElseIsARejection() {
        String body = """
                {"error": {"code": 400, "message": "Invalid value at 'message.android.ttl'", "status": "INVALID_ARGUMENT",
                  "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest",
                     "fieldViolations": [{"field": "message.android.ttl"}]}]}}
                """;
        assertEquals(PushResult.Status.REJECTED, FcmSender.result(400, body, null, NOW).status());
    }

    @Test
    void unregisteredWithoutA404IsStillDead() {
        String body = """
                {"error": {"code": 400, "status": "FAILED_PRECONDITION", "details": [
                  {"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "UNREGISTERED"}]}}
                """;
        PushResult result = FcmSender.result(400, body, null, NOW);
        assertEquals(PushResult.Status.TOKEN_DEAD, result.status());
        assertEquals("UNREGISTERED", result.reason());
    }

    @Test
    void a404NotFoundInFcmsErrorShapeMeansTheTokenIsDead() {
        String body = """
                {"error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}}
                """;
        PushResult result = FcmSender.result(404, body, null, NOW);
        assertEquals(PushResult.Status.TOKEN_DEAD, result.status());
        assertEquals("NOT_FOUND", result.reason());
    }

    @Test
    void a404ThatIsNotFcmsOwnSaysNothingAboutTheToken() {
        // A misconfigured endpoint or a proxy's error page must not delete every registration
        assertEquals(PushResult.Status.REJECTED, FcmSender.result(404, "<html>Not Found</html>", null, NOW).status());
        assertEquals(PushResult.Status.REJECTED, FcmSender.result(404, "", null, NOW).status());
        assertEquals(PushResult.Status.REJECTED, FcmSender.result(404, "{\"error\": \"no such route\"}", null,
                NOW).status());
    }

    @Test
    void statusAloneDecidesWhenTheBodyIsNotJson() {
        assertEquals(PushResult.Status.RETRY_LATER, FcmSender.result(502, "", null, NOW).status());
        assertEquals(PushResult.Status.REJECTED, FcmSender.result(403, "", null, NOW).status());
        assertEquals(Duration.ofSeconds(60), FcmSender.result(429, "", "60", NOW).retryAfter());
        assertEquals(PushResult.Status.ACCEPTED, FcmSender.result(200, "{\"name\":\"x\"}", null, NOW).status());
    }
}
