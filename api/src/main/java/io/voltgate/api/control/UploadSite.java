package io.voltgate.api.control;

import io.vertx.core.file.FileSystem;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * Where chargers' uploaded files live and how an upload is admitted: shared by the routes that
 * receive files ({@link UploadRoutes}) and the endpoints that request and serve them
 * ({@link DiagnosticsEndpoints}), so both agree on the directory layout and the tokens.
 *
 * @param tokens one-file upload tokens
 * @param files the file system the files are written to and read from
 * @param dir the upload directory ({@code VOLTGATE_UPLOAD_DIR}); one sub-directory per charger
 */
public record UploadSite(UploadTokens tokens, FileSystem files, Path dir) {

  public UploadSite {
    Objects.requireNonNull(tokens);
    Objects.requireNonNull(files);
    Objects.requireNonNull(dir);
  }

  /** The directory of one charger's files. */
  Path chargerDir(UUID chargerId) {
    return dir.resolve(chargerId.toString());
  }
}
