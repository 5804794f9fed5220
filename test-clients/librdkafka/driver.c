#define _GNU_SOURCE
/*
 * rdk-driver: a small command-line program over librdkafka, so the tests can drive a current librdkafka
 * (transactions, the KIP-848 consumer protocol, KIP-932 share consumers) against Streamlab and read what
 * happened as JSON lines on stdout. Built by scripts/build-test-clients.mjs against the librdkafka source
 * that ships inside the npm package @confluentinc/kafka-javascript.
 *
 *   rdk-driver produce  -b BOOT -t TOPIC -n COUNT [--txn-id ID --per-txn N | --txn-ms MS --abort-every K] [-X k=v ...]
 *   rdk-driver consume  -b BOOT -t TOPIC[,TOPIC] -G GROUP [--max N] [--idle-ms MS] [-X k=v ...]
 *   rdk-driver share    -b BOOT -t TOPIC -G GROUP [--max N] [--idle-ms MS] [--reject WORD] [--release WORD] [--die-after N] [--stop-after N] [-X k=v ...]
 *   rdk-driver pipeline -b BOOT --in TOPIC --out TOPIC -G GROUP --txn-id ID [--idle-ms MS] [-X k=v ...]
 *     prints {"event":"txn-offsets",...} with the input positions each transaction sent (result commit or
 *     failed), and {"event":"rewind",...} with the committed offsets it seeks back to after an abort.
 *
 * Every line printed is one JSON object with an "event" field. Errors are {"event":"error",...}; a fatal one
 * ends the program with exit code 2. Errors librdkafka reports outside any request (a refused SASL login, a
 * failed TLS handshake, all brokers down) are {"event":"client-error",...}. Keys and values are printed as
 * strings (tests use UTF-8 payloads).
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rdkafka.h"

#define MAX_PROPS 64

struct opts {
  const char *cmd, *bootstrap, *topic, *group, *txn_id, *in, *out, *reject, *release;
  long count, per_txn, txn_ms, abort_every, max, idle_ms, die_after, stop_after;
  const char *props[MAX_PROPS][2];
  int nprops;
};

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void)sig; stop = 1; }

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Prints s as a JSON string (payloads in tests are text; bytes below 0x20 are escaped). */
static void json_str(const char *s, size_t len) {
  putchar('"');
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c < 0x20) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static void emit_error(const char *where, const char *name, const char *msg, int fatal) {
  printf("{\"event\":\"error\",\"where\":\"%s\",\"code\":", where);
  json_str(name, strlen(name));
  printf(",\"message\":");
  json_str(msg, strlen(msg));
  printf(",\"fatal\":%s}\n", fatal ? "true" : "false");
  fflush(stdout);
}

static void die_error(const char *where, rd_kafka_error_t *err) {
  emit_error(where, rd_kafka_error_name(err), rd_kafka_error_string(err), 1);
  exit(2);
}

static void die(const char *where, const char *msg) {
  emit_error(where, "USAGE", msg, 1);
  exit(2);
}

static void on_client_error(rd_kafka_t *rk, int err, const char *reason, void *opaque) {
  (void)rk, (void)opaque;
  const char *name = rd_kafka_err2name((rd_kafka_resp_err_t)err);
  printf("{\"event\":\"client-error\",\"code\":");
  json_str(name, strlen(name));
  printf(",\"message\":");
  json_str(reason, strlen(reason));
  printf("}\n");
  fflush(stdout);
}

static rd_kafka_conf_t *make_conf(const struct opts *o) {
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set_error_cb(conf, on_client_error);
  if (rd_kafka_conf_set(conf, "bootstrap.servers", o->bootstrap, errstr, sizeof errstr) != RD_KAFKA_CONF_OK)
    die("config", errstr);
  for (int i = 0; i < o->nprops; i++)
    if (rd_kafka_conf_set(conf, o->props[i][0], o->props[i][1], errstr, sizeof errstr) != RD_KAFKA_CONF_OK)
      die("config", errstr);
  return conf;
}

static void set(rd_kafka_conf_t *conf, const char *k, const char *v) {
  char errstr[512];
  if (rd_kafka_conf_set(conf, k, v, errstr, sizeof errstr) != RD_KAFKA_CONF_OK) die("config", errstr);
}

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
  (void)rk;
  long *failed = opaque;
  if (m->err) {
    (*failed)++;
    emit_error("delivery", rd_kafka_err2name(m->err), rd_kafka_err2str(m->err), 0);
  }
}

static void print_record(const char *event, const rd_kafka_message_t *m, const char *extra) {
  printf("{\"event\":\"%s\",\"topic\":", event);
  const char *t = rd_kafka_topic_name(m->rkt);
  json_str(t, strlen(t));
  printf(",\"partition\":%" PRId32 ",\"offset\":%" PRId64 ",\"key\":", m->partition, m->offset);
  if (m->key) json_str(m->key, m->key_len); else printf("null");
  printf(",\"value\":");
  if (m->payload) json_str(m->payload, m->len); else printf("null");
  if (extra) printf(",%s", extra);
  printf("}\n");
}

/* produce: COUNT records "v-<i>" keyed "k-<i>", plainly or in transactions of PER_TXN records (or of what
 * TXN_MS milliseconds produce). */
static int cmd_produce(const struct opts *o) {
  char errstr[512];
  long failed = 0;
  rd_kafka_conf_t *conf = make_conf(o);
  rd_kafka_conf_set_opaque(conf, &failed);
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  if (o->txn_id) set(conf, "transactional.id", o->txn_id);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) die("producer", errstr);
  rd_kafka_error_t *err;
  if (o->txn_id && (err = rd_kafka_init_transactions(rk, 30000))) die_error("init_transactions", err);

  long per = o->txn_id ? (o->per_txn > 0 ? o->per_txn : o->count) : o->count;
  long committed = 0, aborted = 0, txn = 0;
  for (long i = 0; i < o->count && !stop; txn++) {
    if (o->txn_id && (err = rd_kafka_begin_transaction(rk))) die_error("begin_transaction", err);
    long end = i + per < o->count ? i + per : o->count;
    long first = i;
    int64_t began = now_ms();
    for (; i < end; i++) {
      if (o->txn_ms > 0 && i > first && now_ms() - began >= o->txn_ms) break;
      char key[32], val[64];
      int kl = snprintf(key, sizeof key, "k-%ld", i), vl = snprintf(val, sizeof val, "v-%ld", i);
      rd_kafka_resp_err_t e;
      while ((e = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(o->topic), RD_KAFKA_V_KEY(key, (size_t)kl),
                                    RD_KAFKA_V_VALUE(val, (size_t)vl), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                    RD_KAFKA_V_END)) == RD_KAFKA_RESP_ERR__QUEUE_FULL)
        rd_kafka_poll(rk, 50);
      if (e) emit_error("produce", rd_kafka_err2name(e), rd_kafka_err2str(e), 0), failed++;
      rd_kafka_poll(rk, 0);
    }
    if (!o->txn_id) continue;
    int abort = o->abort_every > 0 && (txn + 1) % o->abort_every == 0;
    /* Deliver before aborting, so an aborted transaction's records reach the log (and the ABORT marker hides
     * them); an abort with records still queued purges them instead. */
    if (abort) rd_kafka_flush(rk, 30000);
    err = abort ? rd_kafka_abort_transaction(rk, 30000) : rd_kafka_commit_transaction(rk, 30000);
    if (err) die_error(abort ? "abort_transaction" : "commit_transaction", err);
    if (abort) aborted += i - first; else committed += i - first;
    printf("{\"event\":\"txn\",\"n\":%ld,\"first\":%ld,\"last\":%ld,\"result\":\"%s\"}\n", txn, first, i - 1,
           abort ? "abort" : "commit");
    fflush(stdout);
  }
  rd_kafka_flush(rk, 30000);
  printf("{\"event\":\"done\",\"produced\":%ld,\"failed\":%ld,\"committed\":%ld,\"aborted\":%ld}\n", o->count,
         failed, committed, aborted);
  rd_kafka_destroy(rk);
  return failed ? 1 : 0;
}

static void on_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *parts,
                         void *opaque) {
  (void)opaque;
  int cooperative = !strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE");
  const char *what = err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS ? "assigned" : "revoked";
  printf("{\"event\":\"%s\",\"partitions\":[", what);
  for (int i = 0; i < parts->cnt; i++) {
    printf("%s{\"topic\":", i ? "," : "");
    json_str(parts->elems[i].topic, strlen(parts->elems[i].topic));
    printf(",\"partition\":%" PRId32 "}", parts->elems[i].partition);
  }
  printf("]}\n");
  fflush(stdout);
  rd_kafka_error_t *e = NULL;
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS)
    e = cooperative ? rd_kafka_incremental_assign(rk, parts) : (rd_kafka_assign(rk, parts), NULL);
  else
    e = cooperative ? rd_kafka_incremental_unassign(rk, parts) : (rd_kafka_assign(rk, NULL), NULL);
  if (e) emit_error("rebalance", rd_kafka_error_name(e), rd_kafka_error_string(e), 0), rd_kafka_error_destroy(e);
}

static rd_kafka_topic_partition_list_t *topic_list(const char *topics) {
  rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(4);
  char *copy = strdup(topics), *save = NULL;
  for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
    rd_kafka_topic_partition_list_add(list, t, RD_KAFKA_PARTITION_UA);
  free(copy);
  return list;
}

static rd_kafka_t *new_consumer(const struct opts *o, const char *group) {
  char errstr[512];
  rd_kafka_conf_t *conf = make_conf(o);
  set(conf, "group.id", group);
  rd_kafka_conf_set_rebalance_cb(conf, on_rebalance);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
  if (!rk) die("consumer", errstr);
  rd_kafka_poll_set_consumer(rk);
  return rk;
}

/* consume: a group member that prints every record until MAX records or IDLE_MS without one. */
static int cmd_consume(const struct opts *o) {
  rd_kafka_t *rk = new_consumer(o, o->group);
  rd_kafka_topic_partition_list_t *topics = topic_list(o->topic);
  rd_kafka_resp_err_t e = rd_kafka_subscribe(rk, topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (e) die("subscribe", rd_kafka_err2str(e));
  long seen = 0;
  int64_t last = now_ms();
  while (!stop && (o->max <= 0 || seen < o->max) && now_ms() - last < o->idle_ms) {
    rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
    if (!m) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      rd_kafka_message_destroy(m);
      continue;
    }
    if (m->err) {
      emit_error("poll", rd_kafka_err2name(m->err), rd_kafka_message_errstr(m), m->err == RD_KAFKA_RESP_ERR__FATAL);
      rd_kafka_message_destroy(m);
      continue;
    }
    print_record("record", m, NULL);
    seen++;
    last = now_ms();
    rd_kafka_message_destroy(m);
  }
  if ((e = rd_kafka_commit(rk, NULL, 0)) && e != RD_KAFKA_RESP_ERR__NO_OFFSET)
    emit_error("commit", rd_kafka_err2name(e), rd_kafka_err2str(e), 0);
  rd_kafka_consumer_close(rk);
  printf("{\"event\":\"done\",\"consumed\":%ld}\n", seen);
  rd_kafka_destroy(rk);
  return 0;
}

/* share: a share-group member (explicit acknowledgement). A record whose value contains REJECT is rejected; one
 * whose value contains RELEASE is released on its first delivery (so it comes back); the rest are accepted.
 * --die-after N: the process exits at once after printing its Nth record, its acknowledgements unsent, as a
 * member that crashes while it holds acquired records (its connection closes, so the broker takes them back).
 * --stop-after N: the process stops itself (SIGSTOP) after printing its Nth record, its connection open and its
 * acknowledgements unsent, as a member that hangs: the records stay acquired until their lock expires. */
static int cmd_share(const struct opts *o) {
  char errstr[512];
  rd_kafka_conf_t *conf = make_conf(o);
  set(conf, "group.id", o->group);
  set(conf, "share.acknowledgement.mode", "explicit");
  rd_kafka_share_t *sh = rd_kafka_share_consumer_new(conf, errstr, sizeof errstr);
  if (!sh) die("share_consumer_new", errstr);
  rd_kafka_topic_partition_list_t *topics = topic_list(o->topic);
  rd_kafka_resp_err_t e = rd_kafka_share_subscribe(sh, topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (e) die("share_subscribe", rd_kafka_err2str(e));
  long seen = 0, printed = 0;
  int64_t last = now_ms();
  while (!stop && (o->max <= 0 || seen < o->max) && now_ms() - last < o->idle_ms) {
    rd_kafka_messages_t *batch = NULL;
    rd_kafka_error_t *err = rd_kafka_share_poll(sh, 200, &batch);
    if (err) {
      emit_error("share_poll", rd_kafka_error_name(err), rd_kafka_error_string(err), rd_kafka_error_is_fatal(err));
      rd_kafka_error_destroy(err);
      continue;
    }
    size_t n = batch ? rd_kafka_messages_count(batch) : 0;
    for (size_t i = 0; i < n; i++) {
      rd_kafka_message_t *m = rd_kafka_messages_get(batch, i);
      if (m->err) {
        emit_error("share_record", rd_kafka_err2name(m->err), rd_kafka_message_errstr(m), 0);
        continue;
      }
      int count = rd_kafka_message_delivery_count(m);
      const char *ack = "accept";
      rd_kafka_share_AcknowledgeType_t type = RD_KAFKA_SHARE_ACKNOWLEDGE_TYPE_ACCEPT;
      int has_reject = o->reject && m->payload && memmem(m->payload, m->len, o->reject, strlen(o->reject));
      int has_release = o->release && m->payload && memmem(m->payload, m->len, o->release, strlen(o->release));
      if (has_reject) type = RD_KAFKA_SHARE_ACKNOWLEDGE_TYPE_REJECT, ack = "reject";
      else if (has_release && count <= 1) type = RD_KAFKA_SHARE_ACKNOWLEDGE_TYPE_RELEASE, ack = "release";
      char extra[96];
      snprintf(extra, sizeof extra, "\"deliveryCount\":%d,\"ack\":\"%s\"", count, ack);
      print_record("record", m, extra);
      if (o->die_after > 0 && ++printed >= o->die_after) fflush(stdout), _exit(3);
      if (o->stop_after > 0 && ++printed >= o->stop_after) fflush(stdout), raise(SIGSTOP);
      if ((e = rd_kafka_share_acknowledge_type(sh, m, type)))
        emit_error("share_acknowledge", rd_kafka_err2name(e), rd_kafka_err2str(e), 0);
      if (type == RD_KAFKA_SHARE_ACKNOWLEDGE_TYPE_ACCEPT) seen++;
      last = now_ms();
    }
    rd_kafka_messages_destroy(batch);
    fflush(stdout);
  }
  rd_kafka_topic_partition_list_t *results = NULL;
  rd_kafka_error_t *err = rd_kafka_share_commit_sync(sh, 10000, &results);
  if (err) emit_error("share_commit", rd_kafka_error_name(err), rd_kafka_error_string(err), 0), rd_kafka_error_destroy(err);
  if (results) rd_kafka_topic_partition_list_destroy(results);
  if ((err = rd_kafka_share_consumer_close(sh))) rd_kafka_error_destroy(err);
  printf("{\"event\":\"done\",\"accepted\":%ld}\n", seen);
  if ((err = rd_kafka_share_destroy(sh))) rd_kafka_error_destroy(err);
  return 0;
}

/* pipeline: read_committed from IN, write "out-<value>" to OUT and commit the input offsets in the same
 * transaction (read-process-write, exactly once). On an abortable error the transaction is aborted and the
 * consumer rewinds to its committed offsets. Ends after IDLE_MS without input. */
/* {"event":EVENT,"n":N,"result":RESULT,"code":ERR,"offsets":[{"partition":P,"offset":O,"code":E},...]} */
static void print_offsets(const char *event, long n, const char *result, rd_kafka_resp_err_t err,
                          const rd_kafka_topic_partition_list_t *parts) {
  printf("{\"event\":\"%s\",\"n\":%ld,\"result\":\"%s\",\"code\":\"%s\",\"offsets\":[", event, n, result,
         rd_kafka_err2name(err));
  for (int i = 0; parts && i < parts->cnt; i++)
    printf("%s{\"partition\":%" PRId32 ",\"offset\":%" PRId64 ",\"code\":\"%s\"}", i ? "," : "",
           parts->elems[i].partition, parts->elems[i].offset, rd_kafka_err2name(parts->elems[i].err));
  printf("]}\n");
  fflush(stdout);
}

/* The group's committed offsets for PARTS, into PARTS (RD_KAFKA_OFFSET_INVALID where the group has none).
 * rd_kafka_committed() leaves an offset at INVALID when the request fails (the group coordinator moving or
 * down, a timeout) as well as when nothing is committed; only a clean answer for every partition tells them
 * apart, so this asks until it gets one. Returns 0 if it never does within a minute. */
static int fetch_committed(rd_kafka_t *consumer, rd_kafka_topic_partition_list_t *parts, long n) {
  int64_t until = now_ms() + 60000;
  while (!stop) {
    for (int i = 0; i < parts->cnt; i++) parts->elems[i].offset = RD_KAFKA_OFFSET_INVALID, parts->elems[i].err = 0;
    rd_kafka_resp_err_t e = rd_kafka_committed(consumer, parts, 10000);
    for (int i = 0; !e && i < parts->cnt; i++) e = parts->elems[i].err;
    print_offsets("rewind", n, e ? "retry" : "committed", e, parts);
    if (!e) return 1;
    if (now_ms() > until) return 0;
    usleep(250 * 1000);
  }
  return 0;
}

static int cmd_pipeline(const struct opts *o) {
  char errstr[512];
  rd_kafka_conf_t *pconf = make_conf(o);
  set(pconf, "transactional.id", o->txn_id);
  rd_kafka_t *producer = rd_kafka_new(RD_KAFKA_PRODUCER, pconf, errstr, sizeof errstr);
  if (!producer) die("producer", errstr);
  rd_kafka_error_t *err;
  if ((err = rd_kafka_init_transactions(producer, 60000))) die_error("init_transactions", err);

  struct opts co = *o;
  co.props[co.nprops][0] = "isolation.level", co.props[co.nprops++][1] = "read_committed";
  co.props[co.nprops][0] = "enable.auto.commit", co.props[co.nprops++][1] = "false";
  co.props[co.nprops][0] = "auto.offset.reset", co.props[co.nprops++][1] = "earliest";
  rd_kafka_t *consumer = new_consumer(&co, o->group);
  rd_kafka_topic_partition_list_t *topics = topic_list(o->in);
  rd_kafka_subscribe(consumer, topics);
  rd_kafka_topic_partition_list_destroy(topics);

  long committed = 0, aborted = 0, txns = 0;
  int64_t last = now_ms();
  while (!stop && now_ms() - last < o->idle_ms) {
    rd_kafka_message_t *m = rd_kafka_consumer_poll(consumer, 200);
    if (!m) continue;
    if (m->err) {
      if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
        emit_error("poll", rd_kafka_err2name(m->err), rd_kafka_message_errstr(m), 0);
      rd_kafka_message_destroy(m);
      continue;
    }
    last = now_ms();
    if ((err = rd_kafka_begin_transaction(producer))) die_error("begin_transaction", err);
    long in_txn = 0;
    for (; m; m = in_txn < 100 ? rd_kafka_consumer_poll(consumer, 0) : NULL) {
      if (m->err) { rd_kafka_message_destroy(m); break; }
      char out[256];
      int len = snprintf(out, sizeof out, "out-%.*s", (int)(m->len < 200 ? m->len : 200), (const char *)m->payload);
      rd_kafka_resp_err_t e;
      while ((e = rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(o->out), RD_KAFKA_V_KEY(m->key, m->key_len),
                                    RD_KAFKA_V_VALUE(out, (size_t)len), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                    RD_KAFKA_V_END)) == RD_KAFKA_RESP_ERR__QUEUE_FULL)
        rd_kafka_poll(producer, 50);
      in_txn++;
      rd_kafka_message_destroy(m);
    }
    rd_kafka_topic_partition_list_t *pos = NULL;
    rd_kafka_assignment(consumer, &pos);
    rd_kafka_position(consumer, pos);
    rd_kafka_consumer_group_metadata_t *cgmd = rd_kafka_consumer_group_metadata(consumer);
    err = rd_kafka_send_offsets_to_transaction(producer, pos, cgmd, 30000);
    rd_kafka_consumer_group_metadata_destroy(cgmd);
    if (!err) err = rd_kafka_commit_transaction(producer, 30000);
    print_offsets("txn-offsets", txns, err ? "failed" : "commit", RD_KAFKA_RESP_ERR_NO_ERROR, pos);
    rd_kafka_topic_partition_list_destroy(pos);
    txns++;
    if (!err) {
      committed += in_txn;
      continue;
    }
    emit_error("transaction", rd_kafka_error_name(err), rd_kafka_error_string(err), rd_kafka_error_is_fatal(err));
    if (rd_kafka_error_is_fatal(err) || !rd_kafka_error_txn_requires_abort(err)) {
      if (!rd_kafka_error_is_retriable(err)) exit(2);
    }
    rd_kafka_error_destroy(err);
    if ((err = rd_kafka_abort_transaction(producer, 30000))) die_error("abort_transaction", err);
    aborted += in_txn;
    /* Rewind to what the group committed so the aborted input is read again. */
    rd_kafka_topic_partition_list_t *assigned = NULL;
    rd_kafka_assignment(consumer, &assigned);
    if (!fetch_committed(consumer, assigned, txns)) die("rewind", "the group's committed offsets could not be read");
    for (int i = 0; i < assigned->cnt; i++)
      if (assigned->elems[i].offset < 0) assigned->elems[i].offset = RD_KAFKA_OFFSET_BEGINNING;
    if ((err = rd_kafka_seek_partitions(consumer, assigned, 30000))) die_error("rewind", err);
    for (int i = 0; i < assigned->cnt; i++)
      if (assigned->elems[i].err) die("rewind", rd_kafka_err2str(assigned->elems[i].err));
    rd_kafka_topic_partition_list_destroy(assigned);
  }
  rd_kafka_consumer_close(consumer);
  rd_kafka_destroy(consumer);
  printf("{\"event\":\"done\",\"transactions\":%ld,\"committed\":%ld,\"aborted\":%ld}\n", txns, committed, aborted);
  rd_kafka_destroy(producer);
  return 0;
}

static void parse(int argc, char **argv, struct opts *o) {
  memset(o, 0, sizeof *o);
  o->idle_ms = 5000;
  if (argc < 2) die("usage", "rdk-driver produce|consume|share|pipeline ...");
  o->cmd = argv[1];
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v) die("usage", a);
    i++;
    if (!strcmp(a, "-b")) o->bootstrap = v;
    else if (!strcmp(a, "-t")) o->topic = v;
    else if (!strcmp(a, "-G")) o->group = v;
    else if (!strcmp(a, "-n")) o->count = atol(v);
    else if (!strcmp(a, "--txn-id")) o->txn_id = v;
    else if (!strcmp(a, "--per-txn")) o->per_txn = atol(v);
    else if (!strcmp(a, "--txn-ms")) o->txn_ms = atol(v);
    else if (!strcmp(a, "--abort-every")) o->abort_every = atol(v);
    else if (!strcmp(a, "--max")) o->max = atol(v);
    else if (!strcmp(a, "--idle-ms")) o->idle_ms = atol(v);
    else if (!strcmp(a, "--in")) o->in = v;
    else if (!strcmp(a, "--out")) o->out = v;
    else if (!strcmp(a, "--reject")) o->reject = v;
    else if (!strcmp(a, "--release")) o->release = v;
    else if (!strcmp(a, "--die-after")) o->die_after = atol(v);
    else if (!strcmp(a, "--stop-after")) o->stop_after = atol(v);
    else if (!strcmp(a, "-X")) {
      const char *eq = strchr(v, '=');
      if (!eq || o->nprops >= MAX_PROPS - 4) die("usage", "-X key=value");
      o->props[o->nprops][0] = strndup(v, (size_t)(eq - v));
      o->props[o->nprops++][1] = eq + 1;
    } else die("usage", a);
  }
  if (!o->bootstrap && strcmp(o->cmd, "version")) die("usage", "-b is required");
}

int main(int argc, char **argv) {
  struct opts o;
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  setvbuf(stdout, NULL, _IOLBF, 0);
  parse(argc, argv, &o);
  if (!strcmp(o.cmd, "version")) return printf("{\"event\":\"version\",\"librdkafka\":\"%s\"}\n", rd_kafka_version_str()), 0;
  if (!strcmp(o.cmd, "produce") && o.topic) return cmd_produce(&o);
  if (!strcmp(o.cmd, "consume") && o.topic && o.group) return cmd_consume(&o);
  if (!strcmp(o.cmd, "share") && o.topic && o.group) return cmd_share(&o);
  if (!strcmp(o.cmd, "pipeline") && o.in && o.out && o.group && o.txn_id) return cmd_pipeline(&o);
  die("usage", "unknown command or missing arguments");
  return 2;
}
