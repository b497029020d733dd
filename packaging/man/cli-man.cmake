# cmake -DCLI=... -DOUT=... -P cli-man.cmake: the hivepost-cli(1) man page, its command list taken
# from the program's own --help so that the two never disagree.
execute_process(COMMAND "${CLI}" --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${CLI} --help failed")
endif()
string(REPLACE "\\" "\\e" help "${help}")
string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
file(WRITE "${OUT}" ".TH HIVEPOST-CLI 1 \"November 2026\" \"Hivepost\" \"User Commands\"
.SH NAME
hivepost\\-cli \\- bulk e\\-mail campaigns without the window
.SH SYNOPSIS
.B hivepost\\-cli
[\\fB\\-\\-db\\fR \\fIFILE\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR] [\\fB\\-\\-json\\fR]
.SH DESCRIPTION
The same database and engine as
.BR hivepost (1),
for scripts and servers. What
.B hivepost\\-cli \\-\\-help
prints:
.PP
.nf
${help}.fi
.SH SEE ALSO
.BR hivepost (1)
")
