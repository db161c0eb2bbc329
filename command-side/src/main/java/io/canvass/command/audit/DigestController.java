package io.canvass.command.audit;

import io.canvass.platform.audit.SignedDigest;
import io.canvass.platform.web.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Audit", description = "Signed digests of the event chain. Role ADMIN.")
@RestController
@RequestMapping("/api/audit/digests")
class DigestController {

    private final DigestSigner signer;

    DigestController(DigestSigner signer) {
        this.signer = signer;
    }

    @Operation(summary = "Sign the chain's head now",
            description = "Signs and stores a digest of the chain's current head (the command side also signs one every"
                    + " canvass.audit.digest.every-events events or canvass.audit.digest.every). The query side's"
                    + " GET /api/audit/digest answers the latest.")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    SignedDigest sign() {
        return signer.signNow().orElseThrow(() -> new NotFound("no event is stored yet: there is no chain to sign"));
    }
}
