# Writes nettrain's bash completion from the help text the built binary prints: the subcommands,
# each one's flags and the choices of its {a,b,c} options; config files for the commands that
# take one; and for --set the config keys listed here (tests/cli/install_test.sh checks that
# nettrain knows each of them).
#   cmake -DNETTRAIN=path/to/nettrain -DOUT=nettrain.bash -P completion.cmake
set(config_keys
  seed threads loss metrics
  data.format data.train data.test data.validation data.validation_split data.kfold data.kfold.k data.kfold.index
  data.normalize data.class_names data.header data.target data.task data.delimiter data.train_labels
  data.test_labels data.validation_labels data.image_size data.channels
  model.input_shape model.layers
  optimizer optimizer.type optimizer.lr optimizer.momentum optimizer.nesterov optimizer.rho optimizer.epsilon
  optimizer.beta1 optimizer.beta2 optimizer.weight_decay optimizer.initial_accumulator
  lr_schedule lr_schedule.type lr_schedule.step_size lr_schedule.gamma lr_schedule.decay lr_schedule.t_max
  lr_schedule.lr_min lr_schedule.factor lr_schedule.patience lr_schedule.monitor lr_schedule.warmup_epochs
  regularization regularization.l1 regularization.l2
  training.batch_size training.epochs training.shuffle training.log_every training.early_stopping
  training.early_stopping.monitor training.early_stopping.patience training.early_stopping.min_delta
  training.early_stopping.restore_best training.checkpoint training.checkpoint.every
  training.checkpoint.keep_last training.checkpoint.keep_best
  output.dir output.tensorboard output.tensorboard_every)

function(help_of out_var)
  execute_process(COMMAND ${NETTRAIN} ${ARGN} --help OUTPUT_VARIABLE text RESULT_VARIABLE code)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${NETTRAIN} ${ARGN} --help failed")
  endif()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

help_of(main)
string(REGEX MATCH "Subcommands:\n(.*)" block "${main}")
string(REGEX MATCHALL "\n  ([a-z]+) " lines "\n${CMAKE_MATCH_1}")
set(subcommands "")
set(cases "")
foreach(line IN LISTS lines)
  string(STRIP "${line}" name)
  list(APPEND subcommands ${name})
  help_of(text ${name})
  string(REGEX MATCH "Options:\n(.*)" options "${text}")
  string(REGEX MATCHALL "\n  (-[-a-z,]+)[^\n]*" option_lines "\n${CMAKE_MATCH_1}")
  set(flags "")
  set(choices "")
  foreach(option_line IN LISTS option_lines)
    string(REGEX MATCH "^\n  (-[-a-z,]+)" _ "${option_line}")
    string(REPLACE "," ";" names "${CMAKE_MATCH_1}")
    list(APPEND flags ${names})
    if(option_line MATCHES ":\\{([^}]*)\\}")
      string(REPLACE "," " " values "${CMAKE_MATCH_1}")
      foreach(flag IN LISTS names)
        string(APPEND choices "      ${flag}) COMPREPLY=($(compgen -W \"${values}\" -- \"$cur\")); return ;;\n")
      endforeach()
    endif()
  endforeach()
  list(JOIN flags " " flags)
  string(APPEND cases "    ${name})\n      case $prev in\n${choices}      esac\n      words_here=\"${flags}\" ;;\n")
endforeach()
list(JOIN subcommands " " subcommands)
list(JOIN config_keys " " config_keys)
file(WRITE ${OUT} "# bash completion for nettrain, generated from its help text (cmake/completion.cmake).
_nettrain() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} sub=\"\" words_here=\"\" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in -*) ;; *) sub=\${COMP_WORDS[i]}; break ;; esac
  done
  if [ -z \"$sub\" ]; then
    COMPREPLY=($(compgen -W \"${subcommands} --help --version\" -- \"$cur\"))
    return
  fi
  if [ \"$prev\" = --set ]; then
    compopt -o nospace 2>/dev/null
    COMPREPLY=($(compgen -S = -W \"${config_keys}\" -- \"$cur\"))
    return
  fi
  case $sub in
${cases}  esac
  case $prev in
    --out|--save-input|--resume|--predictions|--config) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W \"$words_here\" -- \"$cur\"))
  elif [[ $sub == train || $sub == gradcheck || $sub == summary || $sub == search ]]; then
    COMPREPLY=($(compgen -f -- \"$cur\" | grep -E '[.](yaml|yml|bin)$') $(compgen -d -- \"$cur\"))
  else
    COMPREPLY=($(compgen -f -- \"$cur\"))
  fi
}
complete -o filenames -F _nettrain nettrain
")
