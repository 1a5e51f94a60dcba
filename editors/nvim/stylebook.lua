-- stylebook's language server in Neovim: catalog files (topic and guideline pages, topics.yaml,
-- guidelines/*.yaml, openapi-rules.yaml, catalog.json) are checked as you type.
--
-- Put this file in your config (for instance as ~/.config/nvim/plugin/stylebook.lua) or
-- `:luafile` it. It starts `stylebook lsp` (set vim.g.stylebook_cmd to run another command)
-- for Markdown, YAML and JSON buffers; the server publishes nothing for files that are not
-- part of a catalog. Works with Neovim 0.7 and later.

local function start()
  local cmd = vim.g.stylebook_cmd or { 'stylebook', 'lsp' }
  local config = {
    name = 'stylebook',
    cmd = cmd,
    root_dir = vim.fn.expand('%:p:h'),
  }
  if vim.lsp.start then
    -- Neovim 0.8 and later: one client for every buffer with the same root and command.
    vim.lsp.start(config)
  else
    local client = vim.lsp.start_client(config)
    if client then
      vim.lsp.buf_attach_client(0, client)
    end
  end
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'markdown', 'yaml', 'json' },
  callback = start,
})
