/* The name scorer's hot path in C: `matching._align` and the reading loop of
 * `matching._best_reading` for pairs compared by their readings alone (no ear, no family
 * name alone). It computes exactly what the Python code computes, in the same order of
 * floating-point operations (built with -ffp-contract=off), so that scores are equal to the
 * last bit; tests/screening/test_fastalign.py holds the two side by side. The Python code
 * stays the reference and the fallback where this module was not built.
 *
 * A reading is a Pattern: (system, total weight, bound weight, words, closed, entries,
 * script), an entry (unit, token mask, weight, words, bound weight). A candidate unit's
 * agreements with the query's units (loose, strict, learned: `offset`) are a row of the
 * scorer's table, or of a list of lists for `align` (`Rows`). */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

typedef struct {
    long unit;
    unsigned long mask;
    double weight;
    long words;
    double bound;
} Ent;

typedef struct {
    PyObject *system; /* borrowed */
    PyObject *script; /* borrowed */
    double tot;
    double bound;
    long words;
    int closed;
    Py_ssize_t n;
    Ent *ents;
    /* per-call facts for the reading loop */
    int hanzi;
    int learned;
    int latn;       /* script is "Latn" */
    double knot;    /* the script's knot, or -1 */
    int latn_token; /* the single-word knot's key is "Latn" */
    double knot_token;
} Pat;

typedef struct {
    double s;
    double w2;
    unsigned long uni;
    const Ent *qe;
    const Ent *ce;
} Cand;

typedef struct {
    double conflict;
    double closed_extra;
    double extra_part;
    double single_factor;
    double threshold;
} Params;

static int parse_params(PyObject *t, Params *p) {
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 5) {
        PyErr_SetString(PyExc_TypeError, "params: a tuple of five numbers");
        return -1;
    }
    double v[5];
    for (int i = 0; i < 5; i++) {
        v[i] = PyFloat_AsDouble(PyTuple_GET_ITEM(t, i));
        if (v[i] == -1.0 && PyErr_Occurred()) return -1;
    }
    p->conflict = v[0];
    p->closed_extra = v[1];
    p->extra_part = v[2];
    p->single_factor = v[3];
    p->threshold = v[4];
    return 0;
}

static Py_ssize_t count_entries(PyObject *pattern) {
    if (!PyTuple_Check(pattern) || PyTuple_GET_SIZE(pattern) != 7) {
        PyErr_SetString(PyExc_TypeError, "a reading is a tuple of seven");
        return -1;
    }
    PyObject *entries = PyTuple_GET_ITEM(pattern, 5);
    if (!PyTuple_Check(entries)) {
        PyErr_SetString(PyExc_TypeError, "a reading's entries are a tuple");
        return -1;
    }
    return PyTuple_GET_SIZE(entries);
}

/* Reads a pattern into `p`, its entries into `buf` (room for count_entries). */
static int parse_pattern(PyObject *pattern, Pat *p, Ent *buf) {
    PyObject *entries = PyTuple_GET_ITEM(pattern, 5);
    p->system = PyTuple_GET_ITEM(pattern, 0);
    p->script = PyTuple_GET_ITEM(pattern, 6);
    p->tot = PyFloat_AsDouble(PyTuple_GET_ITEM(pattern, 1));
    if (p->tot == -1.0 && PyErr_Occurred()) return -1;
    p->bound = PyFloat_AsDouble(PyTuple_GET_ITEM(pattern, 2));
    if (p->bound == -1.0 && PyErr_Occurred()) return -1;
    p->words = PyLong_AsLong(PyTuple_GET_ITEM(pattern, 3));
    if (p->words == -1 && PyErr_Occurred()) return -1;
    p->closed = PyObject_IsTrue(PyTuple_GET_ITEM(pattern, 4));
    if (p->closed < 0) return -1;
    p->n = PyTuple_GET_SIZE(entries);
    p->ents = buf;
    for (Py_ssize_t i = 0; i < p->n; i++) {
        PyObject *e = PyTuple_GET_ITEM(entries, i);
        if (!PyTuple_Check(e) || PyTuple_GET_SIZE(e) != 5) {
            PyErr_SetString(PyExc_TypeError, "an entry is a tuple of five");
            return -1;
        }
        Ent *x = &buf[i];
        x->unit = PyLong_AsLong(PyTuple_GET_ITEM(e, 0));
        if (x->unit == -1 && PyErr_Occurred()) return -1;
        x->mask = PyLong_AsUnsignedLong(PyTuple_GET_ITEM(e, 1));
        if (x->mask == (unsigned long)-1 && PyErr_Occurred()) return -1;
        x->weight = PyFloat_AsDouble(PyTuple_GET_ITEM(e, 2));
        if (x->weight == -1.0 && PyErr_Occurred()) return -1;
        x->words = PyLong_AsLong(PyTuple_GET_ITEM(e, 3));
        if (x->words == -1 && PyErr_Occurred()) return -1;
        x->bound = PyFloat_AsDouble(PyTuple_GET_ITEM(e, 4));
        if (x->bound == -1.0 && PyErr_Occurred()) return -1;
    }
    return 0;
}

/* Python's tuple order on entries: unit, mask, weight, words, bound. */
static int ent_cmp(const Ent *a, const Ent *b) {
    if (a->unit != b->unit) return a->unit < b->unit ? -1 : 1;
    if (a->mask != b->mask) return a->mask < b->mask ? -1 : 1;
    if (a->weight != b->weight) return a->weight < b->weight ? -1 : 1;
    if (a->words != b->words) return a->words < b->words ? -1 : 1;
    if (a->bound != b->bound) return a->bound < b->bound ? -1 : 1;
    return 0;
}

/* Descending (s, w2, union mask, query entry, candidate entry): `cands.sort(reverse=True)`. */
static int cand_cmp(const void *pa, const void *pb) {
    const Cand *a = (const Cand *)pa, *b = (const Cand *)pb;
    if (a->s != b->s) return a->s > b->s ? -1 : 1;
    if (a->w2 != b->w2) return a->w2 > b->w2 ? -1 : 1;
    if (a->uni != b->uni) return a->uni > b->uni ? -1 : 1;
    int c = ent_cmp(a->qe, b->qe);
    if (c) return -c;
    return -ent_cmp(a->ce, b->ce);
}

/* Where a candidate unit's agreements are: a list of lists (rows[unit][col]), or a float32
 * table whose row `idx[unit]` is the unit's (the scorer's own table, read without making a
 * Python float of every cell). */
typedef struct {
    PyObject *list;
    const float *data;
    Py_ssize_t nrows, ncols;
    const Py_ssize_t *idx;
    Py_ssize_t nidx;
} Rows;

/* One agreement as a double; -2 on error (agreements are 0..1). */
static inline double cell(const Rows *r, long unit, long col) {
    if (r->data != NULL) {
        if (unit < 0 || unit >= r->nidx || col < 0 || col >= r->ncols) {
            PyErr_SetString(PyExc_IndexError, "unit or column outside the table");
            return -2.0;
        }
        return (double)r->data[r->idx[unit] * r->ncols + col];
    }
    PyObject *rows = r->list;
    if (unit < 0 || unit >= PyList_GET_SIZE(rows)) {
        PyErr_SetString(PyExc_IndexError, "unit outside the rows");
        return -2.0;
    }
    PyObject *row = PyList_GET_ITEM(rows, unit);
    if (!PyList_Check(row) || col < 0 || col >= PyList_GET_SIZE(row)) {
        PyErr_SetString(PyExc_IndexError, "column outside the row");
        return -2.0;
    }
    PyObject *v = PyList_GET_ITEM(row, col);
    if (PyFloat_CheckExact(v)) return PyFloat_AS_DOUBLE(v);
    double d = PyFloat_AsDouble(v);
    if (d == -1.0 && PyErr_Occurred()) return -2.0;
    return d;
}

/* `matching._align`: the score of one reading pair; with `pairs` (a list), the aligned
 * (query unit, candidate unit, agreement) appended to it. -1 on error. */
static double align(const Pat *q, const Pat *c, const Rows *rows, long offset, const Params *pr,
                    Cand *cands, PyObject *pairs) {
    Py_ssize_t k = 0;
    for (Py_ssize_t j = 0; j < c->n; j++) {
        const Ent *ce = &c->ents[j];
        int c_particle = ce->words == 0;
        for (Py_ssize_t i = 0; i < q->n; i++) {
            const Ent *qe = &q->ents[i];
            double s = cell(rows, ce->unit, qe->unit + offset);
            if (s == -2.0) return -1.0;
            if (s > 0.0 && (qe->words == 0) == c_particle) {
                Cand *x = &cands[k++];
                x->s = s;
                x->w2 = qe->weight + ce->weight;
                x->uni = qe->mask | ce->mask;
                x->qe = qe;
                x->ce = ce;
            }
        }
    }
    if (k == 0) return 0.0;
    if (k > 1) qsort(cands, (size_t)k, sizeof(Cand), cand_cmp);
    unsigned long used_q = 0, used_c = 0;
    double msw = 0.0, mw = 0.0, aq = 0.0, ac = 0.0, bq = 0.0, bc = 0.0;
    long nq = 0, nc = 0;
    for (Py_ssize_t i = 0; i < k; i++) {
        const Cand *x = &cands[i];
        unsigned long qm = x->qe->mask, cm = x->ce->mask;
        if ((qm & used_q) || (cm & used_c)) continue;
        used_q |= qm;
        used_c |= cm;
        msw += x->s * x->w2;
        mw += x->w2;
        aq += x->qe->weight;
        ac += x->ce->weight;
        nq += x->qe->words;
        nc += x->ce->words;
        bq += x->qe->bound;
        bc += x->ce->bound;
        if (pairs != NULL) {
            PyObject *t = Py_BuildValue("(lld)", x->qe->unit, x->ce->unit, x->s);
            if (t == NULL) return -1.0;
            int rc = PyList_Append(pairs, t);
            Py_DECREF(t);
            if (rc < 0) return -1.0;
        }
    }
    double ua = q->tot - aq;
    double ub = c->tot - ac;
    double excess, bound_excess, other;
    int closed;
    if (ua > ub) {
        excess = ua - ub;
        other = q->bound - bq;
        bound_excess = other < excess ? other : excess;
        closed = c->closed;
    } else {
        excess = ub - ua;
        other = c->bound - bc;
        bound_excess = other < excess ? other : excess;
        closed = q->closed;
    }
    if (excess < 1e-9) excess = bound_excess = 0.0;
    double den = mw * 0.5;
    den = den + pr->conflict * ((ua < ub ? ua : ub) + bound_excess);
    den = den + (closed ? pr->closed_extra : pr->extra_part) * (excess - bound_excess);
    double score = den > 0 ? (msw * 0.5) / den : 0.0;
    if ((nq < nc ? nq : nc) < 2 && (q->words > c->words ? q->words : c->words) >= 2)
        score *= pr->single_factor;
    return score < 1.0 ? score : 1.0;
}

/* `calibration.calibrated` with the knot looked up (-1: none). */
static inline double calibrated(double raw, double knot, double t) {
    if (knot < 0.0 || raw >= 1.0) return raw;
    if (raw <= knot) return raw * t / knot;
    return t + (raw - knot) * (1.0 - t) / (1.0 - knot);
}

static int is_str(PyObject *o, const char *s) {
    return PyUnicode_Check(o) && PyUnicode_CompareWithASCIIString(o, s) == 0;
}

/* knots[key] as a double, or -1 where there is none. -2 on error. */
static double knot_of(PyObject *knots, PyObject *key) {
    PyObject *v = PyDict_GetItemWithError(knots, key);
    if (v == NULL) return PyErr_Occurred() ? -2.0 : -1.0;
    double d = PyFloat_AsDouble(v);
    if (d == -1.0 && PyErr_Occurred()) return -2.0;
    return d;
}

/* The facts the reading loop needs about one reading: its kind, and its script's knots for
 * names and for single words (`on_common_scale`), where `token_keys` maps a script to the key
 * of its single-word knot. */
static int reading_facts(Pat *p, PyObject *knots, PyObject *token_keys) {
    p->hanzi = is_str(p->system, "hanzi");
    p->learned = is_str(p->system, "learned");
    p->latn = is_str(p->script, "Latn");
    p->knot = knot_of(knots, p->script);
    if (p->knot == -2.0) return -1;
    PyObject *tk = PyDict_GetItemWithError(token_keys, p->script);
    if (tk == NULL && PyErr_Occurred()) return -1;
    if (tk == NULL) tk = p->script;
    p->latn_token = is_str(tk, "Latn");
    p->knot_token = knot_of(knots, tk);
    if (p->knot_token == -2.0) return -1;
    return 0;
}

static PyObject *py_align(PyObject *self, PyObject *args) {
    PyObject *qp, *cp, *rows, *params;
    long offset;
    int want_pairs;
    if (!PyArg_ParseTuple(args, "OOO!lOp", &qp, &cp, &PyList_Type, &rows, &offset, &params,
                          &want_pairs))
        return NULL;
    Params pr;
    if (parse_params(params, &pr) < 0) return NULL;
    Py_ssize_t nq = count_entries(qp), nc = count_entries(cp);
    if (nq < 0 || nc < 0) return NULL;
    Ent *buf = PyMem_Malloc(sizeof(Ent) * (size_t)(nq + nc + 1));
    Cand *cands = PyMem_Malloc(sizeof(Cand) * (size_t)(nq * nc + 1));
    PyObject *pairs = want_pairs ? PyList_New(0) : NULL;
    PyObject *out = NULL;
    Pat q, c;
    if (buf == NULL || cands == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (want_pairs && pairs == NULL) goto done;
    if (parse_pattern(qp, &q, buf) < 0 || parse_pattern(cp, &c, buf + nq) < 0) goto done;
    Rows r = {rows, NULL, 0, 0, NULL, 0};
    double s = align(&q, &c, &r, offset, &pr, cands, pairs);
    if (s == -1.0 && PyErr_Occurred()) goto done;
    out = want_pairs ? Py_BuildValue("(dO)", s, pairs) : PyFloat_FromDouble(s);
done:
    PyMem_Free(buf);
    PyMem_Free(cands);
    Py_XDECREF(pairs);
    return out;
}

/* The reading loop of `_best_reading` for a pair with neither ear nor family comparison:
 * (best score, query reading, candidate reading). */
static PyObject *best_loop(PyObject *qv, PyObject *cv, const Rows *rows, long n, int han_only,
                           PyObject *knots, PyObject *token_keys, PyObject *params) {
    Params pr;
    if (parse_params(params, &pr) < 0) return NULL;
    Py_ssize_t nqv = PyTuple_GET_SIZE(qv), ncv = PyTuple_GET_SIZE(cv);
    Py_ssize_t total = 0, max_q = 0, max_c = 0;
    for (Py_ssize_t i = 0; i < nqv; i++) {
        Py_ssize_t e = count_entries(PyTuple_GET_ITEM(qv, i));
        if (e < 0) return NULL;
        total += e;
        if (e > max_q) max_q = e;
    }
    for (Py_ssize_t i = 0; i < ncv; i++) {
        Py_ssize_t e = count_entries(PyTuple_GET_ITEM(cv, i));
        if (e < 0) return NULL;
        total += e;
        if (e > max_c) max_c = e;
    }
    Pat *pats = PyMem_Malloc(sizeof(Pat) * (size_t)(nqv + ncv + 1));
    Ent *buf = PyMem_Malloc(sizeof(Ent) * (size_t)(total + 1));
    Cand *cands = PyMem_Malloc(sizeof(Cand) * (size_t)(max_q * max_c + 1));
    PyObject *out = NULL;
    if (pats == NULL || buf == NULL || cands == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Ent *at = buf;
    for (Py_ssize_t i = 0; i < nqv + ncv; i++) {
        PyObject *pattern = i < nqv ? PyTuple_GET_ITEM(qv, i) : PyTuple_GET_ITEM(cv, i - nqv);
        if (parse_pattern(pattern, &pats[i], at) < 0) goto done;
        if (reading_facts(&pats[i], knots, token_keys) < 0) goto done;
        at += pats[i].n;
    }
    double best = 0.0;
    long bq = -1, bc = -1;
    for (Py_ssize_t ci = 0; ci < ncv; ci++) {
        const Pat *c = &pats[nqv + ci];
        if (han_only && !c->hanzi) continue;
        for (Py_ssize_t qi = 0; qi < nqv; qi++) {
            const Pat *q = &pats[qi];
            if (han_only && !q->hanzi) continue;
            long offset = (q->learned || c->learned) ? 2 * n : ((q->closed || c->closed) ? n : 0);
            double s = align(q, c, rows, offset, &pr, cands, NULL);
            if (s == -1.0 && PyErr_Occurred()) goto done;
            if (s > 0.0) {
                /* on_common_scale: the non-Latin side's knot, the stricter of two */
                int token = q->words <= 1 && c->words <= 1;
                int ql = token ? q->latn_token : q->latn;
                int cl = token ? c->latn_token : c->latn;
                double qk = token ? q->knot_token : q->knot;
                double ck = token ? c->knot_token : c->knot;
                if (ql) {
                    s = calibrated(s, ck, pr.threshold);
                } else if (cl) {
                    s = calibrated(s, qk, pr.threshold);
                } else {
                    double a = calibrated(s, qk, pr.threshold);
                    double b = calibrated(s, ck, pr.threshold);
                    s = a < b ? a : b;
                }
            }
            if (s > best) {
                best = s;
                bq = (long)qi;
                bc = (long)ci;
                if (s >= 1.0) goto found;
            }
        }
    }
found:
    out = Py_BuildValue("(dll)", best, bq, bc);
done:
    PyMem_Free(pats);
    PyMem_Free(buf);
    PyMem_Free(cands);
    return out;
}

/* The reading loop on the scorer's float32 table: `idx[u]` is the table row of candidate unit
 * u. (A pair with an ear or family comparison runs the loop in Python, with `align`.) */
static PyObject *py_best_reading_at(PyObject *self, PyObject *args) {
    PyObject *qv, *cv, *table, *idx, *knots, *token_keys, *params;
    long n;
    int han_only;
    if (!PyArg_ParseTuple(args, "O!O!OO!lpO!O!O", &PyTuple_Type, &qv, &PyTuple_Type, &cv,
                          &table, &PyList_Type, &idx, &n, &han_only, &PyDict_Type, &knots,
                          &PyDict_Type, &token_keys, &params))
        return NULL;
    Py_buffer view;
    if (PyObject_GetBuffer(table, &view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) return NULL;
    PyObject *out = NULL;
    Py_ssize_t nidx = PyList_GET_SIZE(idx);
    Py_ssize_t *rows_of = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(nidx + 1));
    if (rows_of == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (view.ndim != 2 || view.itemsize != 4 || view.format == NULL ||
        strcmp(view.format, "f") != 0) {
        PyErr_SetString(PyExc_TypeError, "the table is a 2-d float32 array");
        goto done;
    }
    Py_ssize_t nrows = view.shape[0];
    for (Py_ssize_t i = 0; i < nidx; i++) {
        Py_ssize_t row = PyLong_AsSsize_t(PyList_GET_ITEM(idx, i));
        if (row == -1 && PyErr_Occurred()) goto done;
        if (row < 0 || row >= nrows) {
            PyErr_SetString(PyExc_IndexError, "a unit's row is outside the table");
            goto done;
        }
        rows_of[i] = row;
    }
    Rows r = {NULL, (const float *)view.buf, nrows, view.shape[1], rows_of, nidx};
    out = best_loop(qv, cv, &r, n, han_only, knots, token_keys, params);
done:
    PyMem_Free(rows_of);
    PyBuffer_Release(&view);
    return out;
}

static PyMethodDef methods[] = {
    {"align", py_align, METH_VARARGS,
     "align(query_reading, candidate_reading, rows, offset, params, want_pairs)"},
    {"best_reading_at", py_best_reading_at, METH_VARARGS,
     "best_reading_at(query_readings, candidate_readings, table, rows_of_units, n, han_only,"
     " knots, token_keys, params): best_reading on a float32 table"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_fastalign",
    "The name scorer's hot path in C (see matching.py, which it mirrors).", -1, methods,
};

PyMODINIT_FUNC PyInit__fastalign(void) { return PyModule_Create(&module); }
