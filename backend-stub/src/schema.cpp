// Schema migrations, applied in order inside one transaction each; PRAGMA user_version
// records the last one applied so an existing database is upgraded in place.
#include "store.h"

#include <vector>

namespace stub {

namespace {

const std::vector<const char*> kMigrations = {
    // 1: the whole initial model.
    R"SQL(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE organizations (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role TEXT NOT NULL DEFAULT 'agent',
  pw_salt TEXT NOT NULL,
  pw_hash TEXT NOT NULL,
  pw_iterations INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  expires_at INTEGER NOT NULL
);
CREATE TABLE instances (
  phone_number_id TEXT PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organizations(id),
  display_phone TEXT NOT NULL,
  verified_name TEXT NOT NULL,
  waba_id TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'connected'
);
CREATE TABLE stages (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  color TEXT NOT NULL,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL DEFAULT 'open'
);
CREATE TABLE chats (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organizations(id),
  instance_id TEXT NOT NULL REFERENCES instances(phone_number_id),
  contact_key TEXT NOT NULL,
  wa_id TEXT,
  bsuid TEXT,
  name TEXT NOT NULL DEFAULT '',
  profile_pic_url TEXT,
  last_message_id TEXT,
  last_message_at INTEGER,
  last_inbound_at INTEGER,
  unread_count INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  UNIQUE (instance_id, contact_key)
);
CREATE INDEX chats_order ON chats (org_id, last_message_at DESC, id DESC);
CREATE TABLE messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  chat_id INTEGER NOT NULL REFERENCES chats(id),
  org_id INTEGER NOT NULL,
  direction TEXT NOT NULL,
  type TEXT NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  timestamp_ms INTEGER NOT NULL,
  status TEXT NOT NULL,
  client_id TEXT,
  author_id INTEGER,
  from_name TEXT,
  content_json TEXT NOT NULL DEFAULT '{}',
  reply_to TEXT,
  errors_json TEXT NOT NULL DEFAULT '[]',
  edited INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX messages_order ON messages (chat_id, timestamp_ms, seq);
CREATE UNIQUE INDEX messages_client_id ON messages (chat_id, client_id) WHERE client_id IS NOT NULL;
CREATE TABLE reactions (
  target_id TEXT NOT NULL,
  sender TEXT NOT NULL,
  emoji TEXT NOT NULL,
  timestamp_ms INTEGER NOT NULL,
  PRIMARY KEY (target_id, sender)
);
CREATE TABLE inbound_ids (id TEXT PRIMARY KEY, received_at INTEGER NOT NULL);
CREATE TABLE status_events (
  message_id TEXT NOT NULL,
  status TEXT NOT NULL,
  timestamp_ms INTEGER NOT NULL,
  errors_json TEXT NOT NULL DEFAULT '[]',
  applied INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (message_id, status)
);
CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organizations(id),
  chat_id INTEGER NOT NULL REFERENCES chats(id),
  status TEXT NOT NULL DEFAULT 'open',
  stage_id INTEGER NOT NULL REFERENCES stages(id),
  assignee_id INTEGER REFERENCES users(id),
  deal_value INTEGER,
  currency TEXT NOT NULL DEFAULT 'BRL',
  opened_at INTEGER NOT NULL,
  closed_at INTEGER,
  close_reason TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  source_type TEXT, utm_source TEXT, utm_medium TEXT, utm_campaign TEXT,
  gclid TEXT, fbclid TEXT, ctwaclid TEXT, ad_headline TEXT, ad_source_url TEXT, ad_source_id TEXT
);
CREATE INDEX tickets_chat ON tickets (chat_id, id DESC);
CREATE TABLE webhook_events (
  id INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  signature TEXT,
  body BLOB NOT NULL,
  state TEXT NOT NULL DEFAULT 'received',
  error TEXT
);
CREATE TABLE unrouted_changes (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES webhook_events(id),
  phone_number_id TEXT,
  value_json TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
)SQL",
};

}  // namespace

void migrate(Db& db) {
  int version = 0;
  {
    auto stmt = db.prepare("PRAGMA user_version");
    if (stmt.step()) version = int(stmt.i64(0));
    stmt.run();
  }
  for (size_t i = size_t(version); i < kMigrations.size(); ++i) {
    Transaction tx(db);
    db.exec(kMigrations[i]);
    db.exec("PRAGMA user_version=" + std::to_string(i + 1));
    tx.commit();
  }
}

}  // namespace stub
