# Writes the manual page nettrain(1) from the help text the built binary prints (`nettrain
# --help` and each subcommand's), so the page and the program cannot disagree.
#   cmake -DNETTRAIN=path/to/nettrain -DOUT=nettrain.1 -P manpage.cmake
function(help_of out_var)
  execute_process(COMMAND ${NETTRAIN} ${ARGN} --help OUTPUT_VARIABLE text RESULT_VARIABLE code)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${NETTRAIN} ${ARGN} --help failed")
  endif()
  # roff: a backslash is written \e; a line starting with . or ' would be a request.
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

execute_process(COMMAND ${NETTRAIN} --version OUTPUT_VARIABLE version OUTPUT_STRIP_TRAILING_WHITESPACE)
help_of(main)
string(REGEX MATCH "Subcommands:\n(.*)" subcommand_block "${main}")
string(REGEX MATCHALL "\n  ([a-z]+) " lines "\n${CMAKE_MATCH_1}")
set(page ".TH NETTRAIN 1 \"\" \"${version}\" \"User Commands\"
.SH NAME
nettrain \\- train, evaluate, inspect and export neural networks described by YAML configs
.SH SYNOPSIS
.B nettrain
.I SUBCOMMAND
[\\fIOPTIONS\\fR] ...
.SH DESCRIPTION
.nf
${main}.fi
")
foreach(line IN LISTS lines)
  string(STRIP "${line}" name)
  help_of(text ${name})
  string(APPEND page ".SH \"nettrain ${name}\"\n.nf\n${text}.fi\n")
endforeach()
string(APPEND page ".SH EXIT STATUS
0 on success; 1 when a run fails for a reason of its own (a diverged loss, a full disk); 2 on bad
input (a config, data or model file, a flag), with a message naming the file and line; 130 when
training was interrupted and saved.
.SH FILES
The example configs are in share/nettrain/configs, the experiment scripts (nettrain-crossval,
nettrain-search, nettrain-plot, nettrain-compare) in the same bin directory as nettrain, the documentation in
share/doc/nettrain.
")
file(WRITE ${OUT} "${page}")
