// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * reads.c - which bytes of a static object the code that runs after init
 * accesses.
 *
 * A pointer into init memory held by a persistent table is a bug only if
 * something can follow it after init (kotest's dangling.c).  From the
 * machine code the analyzer sees the offsets of the relocations against the
 * table and, on x86 only, decodes how a loop walks it; elsewhere it cannot
 * tell which member a loop reads, and the link stays dangerous.  Here the
 * code is still typed.  For each function not in an init section, and each
 * static or external variable it uses, this records the bytes it accesses
 * (reads or writes; a write is counted like a read):
 *   - every memory reference rooted at the variable (X.f, X[i].f,
 *     MEM[&X + 8]) or at a value derived from its address in SSA (p = &X,
 *     p + 16 in a loop, its PHIs, the integer copies ivopts makes), as
 *     (offset, size, stride): offset + k * stride .. + size for any k,
 *     stride 0 for exactly there.  A variable index steps by the element
 *     size (or by what the index is a constant multiple of: a gcd).
 *   - "opaque" for any other use of the address: stored to memory, passed
 *     to a call, returned, in an asm, masked, truncated.  The analyzer
 *     then judges the function's references as it would without notes.
 * Comparisons of the address (a loop's end) read nothing.  It runs in
 * escape.c's pass, after "optimized": the code that is finally emitted.
 * note-out.c writes a READS record for each variable that holds the address
 * of an init object.
 */

#include "gcc-common.h"
#include "backend.h"
#include "gimple.h"
#include "ssa.h"
#include "gimple-iterator.h"
#include "gimple-walk.h"
#include "tree-dfa.h"
#include "kotest.h"
#include "escape.h"
#include "reads.h"

vec<kotest_reads> kotest_member_reads;

/* A value that is the address of OBJECT plus OFFSET + k * STRIDE. */
struct derived {
	tree object;
	HOST_WIDE_INT offset;
	unsigned HOST_WIDE_INT stride;
};

struct reads_state {
	const char *fname;
	unsigned int first;		/* this function's first record */
	hash_map<tree, derived> *values;	/* SSA names */
	hash_set<tree> *clash;		/* objects a PHI mixes with others */
	bool settled;			/* every name's value worked out */
	bool changed;
};

static unsigned HOST_WIDE_INT gcd(unsigned HOST_WIDE_INT a,
				  unsigned HOST_WIDE_INT b)
{
	while (b) {
		unsigned HOST_WIDE_INT t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static unsigned HOST_WIDE_INT distance(HOST_WIDE_INT a, HOST_WIDE_INT b)
{
	return a > b ? (unsigned HOST_WIDE_INT)a - b :
		       (unsigned HOST_WIDE_INT)b - a;
}

/* An integer constant as the signed value of its precision. */
static HOST_WIDE_INT cst_value(tree t)
{
	return wi::to_wide(t).to_shwi();
}

static bool is_variable(const_tree t)
{
	return TREE_CODE(t) == VAR_DECL && (TREE_STATIC(t) || DECL_EXTERNAL(t));
}

static kotest_reads *record_of(reads_state *rs, tree object)
{
	kotest_reads r;
	unsigned int i;

	for (i = rs->first; i < kotest_member_reads.length(); i++)
		if (kotest_member_reads[i].object == object)
			return &kotest_member_reads[i];
	kotest_keep_tree(object);
	r.object = object;
	r.function = rs->fname;
	r.opaque = false;
	r.reads = vNULL;
	kotest_member_reads.safe_push(r);
	return &kotest_member_reads.last();
}

static void add_read(reads_state *rs, const derived &at,
		     unsigned HOST_WIDE_INT size)
{
	kotest_reads *r = record_of(rs, at.object);
	kotest_read x, *y;
	unsigned int i;

	x.offset = at.offset;
	x.size = size;
	x.stride = at.stride;
	if (x.stride) {
		x.offset %= (HOST_WIDE_INT)x.stride;
		if (x.offset < 0)
			x.offset += x.stride;
	}
	FOR_EACH_VEC_ELT(r->reads, i, y)
		if (y->offset == x.offset && y->size == x.size &&
		    y->stride == x.stride)
			return;
	r->reads.safe_push(x);
}

static void set_opaque(reads_state *rs, tree object)
{
	record_of(rs, object)->opaque = true;
}

static bool value_of(reads_state *rs, tree t, derived *d);

/*
 * What an integer operand can be: c + k * g.  Unknown: anything (g = 1);
 * a number only, never an address.
 */
static derived number_of(reads_state *rs, tree t)
{
	derived d;

	if (!value_of(rs, t, &d) || d.object)
		d = derived{ NULL_TREE, 0, 1 };
	return d;
}

/*
 * Where memory reference REF starts, as a derived value; false when its
 * base is not a variable or a value derived from one.
 */
static bool ref_start(reads_state *rs, tree ref, derived *d)
{
	HOST_WIDE_INT offset = 0;
	unsigned HOST_WIDE_INT stride = 0;

	for (;; ref = TREE_OPERAND(ref, 0)) {
		switch (TREE_CODE(ref)) {
		case COMPONENT_REF: {
			tree field = TREE_OPERAND(ref, 1);
			tree off = component_ref_field_offset(ref);

			if (off && tree_fits_shwi_p(off) &&
			    tree_fits_shwi_p(DECL_FIELD_BIT_OFFSET(field)))
				offset += tree_to_shwi(off) +
					  tree_to_shwi(DECL_FIELD_BIT_OFFSET(field)) /
					  BITS_PER_UNIT;
			else
				stride = 1;
			break;
		}
		case ARRAY_REF:
		case ARRAY_RANGE_REF: {
			tree size = array_ref_element_size(ref);
			tree low = array_ref_low_bound(ref);
			derived i = number_of(rs, TREE_OPERAND(ref, 1));
			HOST_WIDE_INT elt;

			if (!size || !tree_fits_uhwi_p(size) ||
			    !tree_fits_shwi_p(low)) {
				stride = 1;
				break;
			}
			elt = tree_to_uhwi(size);
			offset += (i.offset - tree_to_shwi(low)) * elt;
			stride = gcd(stride, i.stride * elt);
			break;
		}
		case BIT_FIELD_REF:
			if (tree_fits_uhwi_p(TREE_OPERAND(ref, 2)))
				offset += tree_to_uhwi(TREE_OPERAND(ref, 2)) /
					  BITS_PER_UNIT;
			else
				stride = 1;
			break;
		case IMAGPART_EXPR:
			if (tree_fits_uhwi_p(TYPE_SIZE_UNIT(TREE_TYPE(ref))))
				offset += tree_to_uhwi(
					TYPE_SIZE_UNIT(TREE_TYPE(ref)));
			else
				stride = 1;
			break;
		case REALPART_EXPR:
		case VIEW_CONVERT_EXPR:
			break;
		case MEM_REF:
		case TARGET_MEM_REF:
			offset += cst_value(TREE_OPERAND(ref, 1));
			if (TREE_CODE(ref) == TARGET_MEM_REF) {
				HOST_WIDE_INT step = TMR_STEP(ref) ?
					tree_to_shwi(TMR_STEP(ref)) : 1;
				derived i;

				if (TMR_INDEX(ref)) {
					i = number_of(rs, TMR_INDEX(ref));
					offset += i.offset * step;
					stride = gcd(stride, i.stride *
							     distance(step, 0));
				}
				if (TMR_INDEX2(ref)) {
					i = number_of(rs, TMR_INDEX2(ref));
					offset += i.offset;
					stride = gcd(stride, i.stride);
				}
			}
			if (!value_of(rs, TREE_OPERAND(ref, 0), d) ||
			    !d->object)
				return false;
			goto done;
		case VAR_DECL:
			if (!is_variable(ref))
				return false;
			*d = derived{ ref, 0, 0 };
			goto done;
		default:
			return false;
		}
	}
done:
	d->offset += offset;
	d->stride = gcd(d->stride, stride);
	return true;
}

/*
 * An operand's value: an address derived from a variable's, or a number
 * (object NULL_TREE) known up to a stride.  False: nothing known.
 */
static bool value_of(reads_state *rs, tree t, derived *d)
{
	derived *v;

	switch (TREE_CODE(t)) {
	case INTEGER_CST:
		*d = derived{ NULL_TREE, cst_value(t), 0 };
		return true;
	case ADDR_EXPR:
		return ref_start(rs, TREE_OPERAND(t, 0), d);
	case SSA_NAME:
		v = rs->values->get(t);
		if (!v)
			return false;
		*d = *v;
		return true;
	default:
		return false;
	}
}

/* Is T a derived address?  In *D. */
static bool address_of(reads_state *rs, tree t, derived *d)
{
	return t && value_of(rs, t, d) && d->object;
}

/* Memory reference REF is accessed: record it if it is a variable's. */
static void note_access(reads_state *rs, tree ref)
{
	tree size = TYPE_SIZE_UNIT(TREE_TYPE(ref));
	derived d;

	if (TREE_CODE(ref) == SSA_NAME || is_gimple_min_invariant(ref) ||
	    TREE_CODE(ref) == CONSTRUCTOR || !ref_start(rs, ref, &d))
		return;
	add_read(rs, d, size && tree_fits_uhwi_p(size) ? tree_to_uhwi(size) :
			~(unsigned HOST_WIDE_INT)0);
}

/* Merge D into what SSA name NAME holds. */
static void merge(reads_state *rs, tree name, const derived &d)
{
	derived *v = rs->values->get(name);
	unsigned HOST_WIDE_INT stride;

	if (!v) {
		rs->values->put(name, d);
		rs->changed = true;
		return;
	}
	if (v->object != d.object) {
		/* An address wins over a number (a NULL on one path). */
		if (!v->object) {
			*v = d;
			rs->changed = true;
		} else if (d.object) {
			rs->clash->add(v->object);
			rs->clash->add(d.object);
		}
		return;
	}
	stride = gcd(gcd(v->stride, d.stride), distance(v->offset, d.offset));
	if (stride != v->stride) {
		v->stride = stride;
		rs->changed = true;
	}
}

/*
 * Is NAME's value worked out by the fixpoint (a PHI or arithmetic on
 * constants and such names)?  The others are unknown numbers.
 */
static bool computed(tree name)
{
	gimple *def;

	if (TREE_CODE(name) != SSA_NAME)
		return false;
	def = SSA_NAME_DEF_STMT(name);
	if (gimple_code(def) == GIMPLE_PHI)
		return true;
	if (!is_gimple_assign(def))
		return false;
	switch (gimple_assign_rhs_code(def)) {
	case INTEGER_CST:
	case ADDR_EXPR:
	case SSA_NAME:
	case POINTER_PLUS_EXPR:
	case PLUS_EXPR:
	case MINUS_EXPR:
	case MULT_EXPR:
	case LSHIFT_EXPR:
	case NEGATE_EXPR:
	CASE_CONVERT:
		return true;
	default:
		return false;
	}
}

/*
 * An operand of an assignment or a PHI: its value, an unknown number for
 * a name the fixpoint never works out, false for one not worked out yet.
 */
static bool operand(reads_state *rs, tree t, derived *d)
{
	if (value_of(rs, t, d))
		return true;
	if (TREE_CODE(t) == SSA_NAME && computed(t) && !rs->settled)
		return false;
	*d = derived{ NULL_TREE, 0, 1 };
	return true;
}

/*
 * The value an assignment makes from its operands: copies, casts that
 * keep every bit, adding, subtracting, scaling by a constant.  *USE: the
 * operand an address comes from, if any.
 */
static bool derive_assign(reads_state *rs, gassign *as, derived *d, tree *use)
{
	enum tree_code code = gimple_assign_rhs_code(as);
	tree lhs = gimple_assign_lhs(as), rhs1 = gimple_assign_rhs1(as);
	tree type = TREE_TYPE(lhs), rhs2;
	derived a, b;

	*use = NULL_TREE;
	if (TREE_CODE(lhs) != SSA_NAME ||
	    (!POINTER_TYPE_P(type) && !INTEGRAL_TYPE_P(type)))
		return false;
	if (gimple_assign_single_p(as) || CONVERT_EXPR_CODE_P(code)) {
		if (!operand(rs, rhs1, &a))
			return false;
		if (a.object)
			*use = rhs1;
		*d = a;
		/* A narrower copy of an address is not one. */
		return !a.object || TYPE_PRECISION(type) >=
					    TYPE_PRECISION(ptr_type_node);
	}
	if (code == NEGATE_EXPR) {
		if (!operand(rs, rhs1, &a) || a.object)
			return false;
		*d = derived{ NULL_TREE, -a.offset, a.stride };
		return true;
	}
	if (code != POINTER_PLUS_EXPR && code != PLUS_EXPR &&
	    code != MINUS_EXPR && code != MULT_EXPR && code != LSHIFT_EXPR)
		return false;
	rhs2 = gimple_assign_rhs2(as);
	if (!operand(rs, rhs1, &a) || !operand(rs, rhs2, &b))
		return false;
	if (code == MULT_EXPR || code == LSHIFT_EXPR) {
		HOST_WIDE_INT m;

		if (a.object || b.object || b.stride ||
		    (code == LSHIFT_EXPR && (b.offset < 0 || b.offset > 31)))
			return false;
		m = code == MULT_EXPR ? b.offset : (HOST_WIDE_INT)1 << b.offset;
		*d = derived{ NULL_TREE, a.offset * m, a.stride * distance(m, 0) };
		return true;
	}
	if (code == PLUS_EXPR && !a.object && b.object) {
		std::swap(a, b);
		std::swap(rhs1, rhs2);
	}
	if (b.object)
		return false;	/* p - q is a distance, p + q nothing */
	if (a.object)
		*use = rhs1;
	*d = derived{ a.object, code == MINUS_EXPR ? a.offset - b.offset :
					       a.offset + b.offset,
		      gcd(a.stride, b.stride) };
	return true;
}

/* One round over the function's PHIs and assignments: derived values. */
static void derive_all(reads_state *rs, function *fun)
{
	basic_block bb;

	FOR_EACH_BB_FN(bb, fun) {
		gimple_stmt_iterator gsi;
		gphi_iterator pi;

		for (pi = gsi_start_phis(bb); !gsi_end_p(pi); gsi_next(&pi)) {
			gphi *phi = pi.phi();
			tree res = gimple_phi_result(phi);
			bool address = false;
			unsigned int i;
			derived d;

			if (virtual_operand_p(res))
				continue;
			/*
			 * An address on one path: reads through the result
			 * read that object or another; a number: all of them.
			 */
			for (i = 0; i < gimple_phi_num_args(phi); i++)
				if (value_of(rs, gimple_phi_arg_def(phi, i), &d) &&
				    d.object) {
					merge(rs, res, d);
					address = true;
				}
			if (address || !INTEGRAL_TYPE_P(TREE_TYPE(res)))
				continue;
			for (i = 0; i < gimple_phi_num_args(phi); i++)
				if (operand(rs, gimple_phi_arg_def(phi, i), &d))
					merge(rs, res, d);
		}
		for (gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gassign *as = dyn_cast<gassign *>(gsi_stmt(gsi));
			derived d;
			tree use;

			if (as && derive_assign(rs, as, &d, &use))
				merge(rs, gimple_assign_lhs(as), d);
		}
	}
}

/* Any derived address or variable in an operand we do not follow. */
static tree opaque_walker(tree *tp, int *walk_subtrees, void *data)
{
	struct walk_stmt_info *wi = (struct walk_stmt_info *)data;
	reads_state *rs = (reads_state *)wi->info;
	derived d;

	if (TYPE_P(*tp)) {
		*walk_subtrees = 0;
		return NULL_TREE;
	}
	if (is_variable(*tp)) {
		set_opaque(rs, *tp);
		return NULL_TREE;
	}
	if (address_of(rs, *tp, &d)) {
		set_opaque(rs, d.object);
		*walk_subtrees = 0;
	}
	return NULL_TREE;
}

static void opaque_operands(reads_state *rs, gimple *stmt)
{
	struct walk_stmt_info wi;

	memset(&wi, 0, sizeof(wi));
	wi.info = rs;
	walk_gimple_op(stmt, opaque_walker, &wi);
}

/* An operand that is a value (not memory): if derived, it escapes. */
static void value_escapes(reads_state *rs, tree t)
{
	derived d;

	if (address_of(rs, t, &d))
		set_opaque(rs, d.object);
}

static void scan_assign(reads_state *rs, gassign *as)
{
	enum tree_code code = gimple_assign_rhs_code(as);
	tree lhs = gimple_assign_lhs(as), use;
	unsigned int i;
	derived d;

	if (TREE_CODE(lhs) != SSA_NAME)
		note_access(rs, lhs);
	if (gimple_assign_single_p(as)) {
		tree rhs = gimple_assign_rhs1(as);

		if (TREE_CODE(lhs) != SSA_NAME)
			value_escapes(rs, rhs);	/* stored */
		else if (!derive_assign(rs, as, &d, &use))
			value_escapes(rs, rhs);	/* truncated */
		if (TREE_CODE(rhs) != ADDR_EXPR)
			note_access(rs, rhs);
		return;
	}
	/* The address compared (a loop's end) or subtracted is not read. */
	if (TREE_CODE_CLASS(code) == tcc_comparison ||
	    code == POINTER_DIFF_EXPR)
		return;
	if (derive_assign(rs, as, &d, &use)) {
		for (i = 1; i < gimple_num_ops(as); i++)
			if (gimple_op(as, i) != use)
				value_escapes(rs, gimple_op(as, i));
		return;
	}
	if (code == MINUS_EXPR) {
		derived a, b;

		if (address_of(rs, gimple_assign_rhs1(as), &a) &&
		    address_of(rs, gimple_assign_rhs2(as), &b))
			return;
	}
	for (i = 1; i < gimple_num_ops(as); i++)
		value_escapes(rs, gimple_op(as, i));
}

/*
 * The kernel's bitmap operations (lib/bitmap.c): each pointer argument
 * covers the longs of bits [0, nbits), nbits the last argument, and none
 * is kept.  qed's link code reads its speed maps' caps with them.
 */
static const char *const bitmap_operations[] = {
	"__bitmap_equal", "__bitmap_or_equal", "__bitmap_complement",
	"__bitmap_shift_right", "__bitmap_shift_left", "__bitmap_and",
	"__bitmap_or", "__bitmap_xor", "__bitmap_andnot", "__bitmap_replace",
	"__bitmap_intersects", "__bitmap_subset", "__bitmap_weight",
	"__bitmap_weight_and", "__bitmap_weight_andnot",
};

/* The bytes a bitmap operation covers at each pointer; 0: not one. */
static unsigned HOST_WIDE_INT bitmap_bytes(gcall *call)
{
	tree fn = gimple_call_fndecl(call), nbits;
	unsigned HOST_WIDE_INT bits = TYPE_PRECISION(long_integer_type_node);
	unsigned int i, n = gimple_call_num_args(call);

	if (!fn || !DECL_NAME(fn) || !n)
		return 0;
	nbits = gimple_call_arg(call, n - 1);
	if (TREE_CODE(nbits) != INTEGER_CST || !tree_fits_uhwi_p(nbits))
		return 0;
	for (i = 0; i < ARRAY_SIZE(bitmap_operations); i++)
		if (!strcmp(IDENTIFIER_POINTER(DECL_NAME(fn)),
			    bitmap_operations[i]))
			return (tree_to_uhwi(nbits) + bits - 1) / bits *
			       (bits / BITS_PER_UNIT);
	return 0;
}

static void scan_call(reads_state *rs, gcall *call)
{
	unsigned HOST_WIDE_INT bitmap = bitmap_bytes(call);
	unsigned int i;
	derived d;

	if (bitmap) {
		for (i = 0; i < gimple_call_num_args(call); i++)
			if (address_of(rs, gimple_call_arg(call, i), &d))
				add_read(rs, d, bitmap);
		return;
	}

	for (i = 0; i < gimple_call_num_args(call); i++) {
		tree arg = gimple_call_arg(call, i);

		value_escapes(rs, arg);
		if (TREE_CODE(arg) != ADDR_EXPR)
			note_access(rs, arg);	/* an aggregate by value */
	}
	if (gimple_call_lhs(call) &&
	    TREE_CODE(gimple_call_lhs(call)) != SSA_NAME)
		note_access(rs, gimple_call_lhs(call));
	value_escapes(rs, gimple_call_fn(call));
	value_escapes(rs, gimple_call_chain(call));
}

static void scan_stmt(reads_state *rs, gimple *stmt)
{
	switch (gimple_code(stmt)) {
	case GIMPLE_ASSIGN:
		scan_assign(rs, as_a<gassign *>(stmt));
		break;
	case GIMPLE_CALL:
		scan_call(rs, as_a<gcall *>(stmt));
		break;
	case GIMPLE_RETURN: {
		tree val = gimple_return_retval(as_a<greturn *>(stmt));

		if (val) {
			value_escapes(rs, val);
			if (TREE_CODE(val) != ADDR_EXPR)
				note_access(rs, val);
		}
		break;
	}
	case GIMPLE_COND:	/* compared */
	case GIMPLE_SWITCH:	/* an SSA index */
	case GIMPLE_LABEL:
	case GIMPLE_NOP:
	case GIMPLE_PREDICT:
		break;
	default:		/* asm and the rest */
		opaque_operands(rs, stmt);
		break;
	}
}

/* Walks a statement for NAME anywhere but as the base of a memory
 * reference. */
struct base_walk {
	tree name;
	bool elsewhere;
};

static tree base_walker(tree *tp, int *walk_subtrees, void *data)
{
	struct walk_stmt_info *wi = (struct walk_stmt_info *)data;
	base_walk *bw = (base_walk *)wi->info;
	tree t = *tp;

	if (TYPE_P(t)) {
		*walk_subtrees = 0;
	} else if ((TREE_CODE(t) == MEM_REF || TREE_CODE(t) == TARGET_MEM_REF) &&
		   TREE_OPERAND(t, 0) == bw->name) {
		if (TREE_CODE(t) == TARGET_MEM_REF &&
		    (TMR_INDEX(t) == bw->name || TMR_INDEX2(t) == bw->name))
			bw->elsewhere = true;
		*walk_subtrees = 0;
	} else if (t == bw->name) {
		bw->elsewhere = true;
	}
	return NULL_TREE;
}

/*
 * Is this use of derived SSA name NAME one the scan followed: a PHI, a
 * comparison, a derivation, or the base of a memory reference (which
 * access() recorded)?
 */
static bool followed_use(reads_state *rs, gimple *stmt, tree name)
{
	struct walk_stmt_info wi;
	base_walk bw = { name, false };

	switch (gimple_code(stmt)) {
	case GIMPLE_PHI:
	case GIMPLE_COND:
		return true;
	case GIMPLE_ASSIGN: {
		gassign *as = as_a<gassign *>(stmt);
		enum tree_code code = gimple_assign_rhs_code(as);
		derived a, b;
		tree use;

		if (derive_assign(rs, as, &a, &use) && use == name)
			return true;
		if (TREE_CODE_CLASS(code) == tcc_comparison ||
		    code == POINTER_DIFF_EXPR)
			return true;
		if (code == MINUS_EXPR &&
		    address_of(rs, gimple_assign_rhs1(as), &a) &&
		    address_of(rs, gimple_assign_rhs2(as), &b))
			return true;
		break;
	}
	case GIMPLE_CALL:
		if (bitmap_bytes(as_a<gcall *>(stmt)))
			return true;
		break;
	case GIMPLE_RETURN:
		break;
	default:
		return false;
	}
	memset(&wi, 0, sizeof(wi));
	wi.info = &bw;
	walk_gimple_op(stmt, base_walker, &wi);
	return !bw.elsewhere;
}

/* Every use of every derived name is one the scan followed, or opaque. */
static void check_uses(reads_state *rs)
{
	for (hash_map<tree, derived>::iterator it = rs->values->begin();
	     it != rs->values->end(); ++it) {
		tree name = (*it).first;
		imm_use_iterator iter;
		gimple *stmt;

		if (!(*it).second.object)
			continue;	/* a number */
		FOR_EACH_IMM_USE_STMT(stmt, iter, name) {
			if (is_gimple_debug(stmt) ||
			    followed_use(rs, stmt, name))
				continue;
			set_opaque(rs, (*it).second.object);
		}
	}
}

void kotest_collect_reads(function *fun)
{
	hash_map<tree, derived> values;
	hash_set<tree> clash;
	reads_state rs;
	basic_block bb;
	unsigned int i, rounds;
	const char *name;

	if (!fun->cfg || !gimple_in_ssa_p(fun))
		return;
	name = IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME(fun->decl));
	rs.fname = xstrdup(name[0] == '*' ? name + 1 : name);
	rs.first = kotest_member_reads.length();
	rs.values = &values;
	rs.clash = &clash;
	/*
	 * Strides only shrink (a gcd) and names only join: this ends.  First
	 * a name not worked out yet is left out (a loop's counter is known
	 * once its step is), then it is an unknown number.
	 */
	rs.settled = false;
	for (rounds = 0, rs.changed = true; rs.changed && rounds < 64;
	     rounds++) {
		rs.changed = false;
		derive_all(&rs, fun);
		if (!rs.changed && !rs.settled) {
			rs.settled = true;
			rs.changed = true;
		}
	}
	FOR_EACH_BB_FN(bb, fun) {
		gimple_stmt_iterator gsi;

		for (gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi))
			if (!is_gimple_debug(gsi_stmt(gsi)))
				scan_stmt(&rs, gsi_stmt(gsi));
	}
	check_uses(&rs);
	/* A PHI that mixes two objects' addresses: neither is followed. */
	for (hash_set<tree>::iterator it = clash.begin(); it != clash.end();
	     ++it)
		set_opaque(&rs, *it);
	/* Past 64 rounds (never seen) nothing derived here is trusted. */
	if (rs.changed)
		for (i = rs.first; i < kotest_member_reads.length(); i++)
			kotest_member_reads[i].opaque = true;
}
