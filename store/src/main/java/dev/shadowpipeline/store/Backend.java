package dev.shadowpipeline.store;

/** Which database a {@link Store} talks to. */
enum Backend {
  /** An embedded SQLite file: the default, one writer process. */
  SQLITE,
  /** A PostgreSQL server: shared by several proxies and scheduled jobs. */
  POSTGRESQL
}
