# inbox_warnings(target): the project's warning flags; INBOX_WERROR (on in CI) makes them errors.
option(INBOX_WERROR "Treat compiler warnings as errors" OFF)

function(inbox_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  if(INBOX_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
