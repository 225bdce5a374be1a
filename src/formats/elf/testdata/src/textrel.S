/*
 * A pointer stored inside .text: linking it into a shared object needs a dynamic relocation against
 * the code segment, i.e. a text relocation (DT_TEXTREL / DF_TEXTREL) once -z notext allows it.
 */
	.text
	.globl	dfslab_textrel_table
	.type	dfslab_textrel_table, @object
dfslab_textrel_table:
	.quad	dfslab_fixture_token
	.size	dfslab_textrel_table, 8
	.section .note.GNU-stack,"",@progbits
